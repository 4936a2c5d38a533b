"""Suite-wide pytest options."""


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/data/golden/ from the current extraction instead of comparing with it "
             "(for a change that improves outputs; the commit says which and why)")
