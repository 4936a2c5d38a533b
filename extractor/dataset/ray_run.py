"""placeholder"""
class RayUnavailable(Exception):
    pass
