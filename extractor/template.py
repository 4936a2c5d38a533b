"""Old name of `extractor.templates`, kept only for the modules that still import it
(extractor/loaders, extractor/blockmodel); new code imports `extractor.templates`."""
from .templates import *  # noqa: F401,F403
from .templates import normalize, strip_numbering  # noqa: F401
