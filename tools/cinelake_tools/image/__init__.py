"""The container image: an offline base, the podman build, its in-build checks, the scan."""

from cinelake_tools.image.build import ImageError, make_image

__all__ = ["ImageError", "make_image"]
