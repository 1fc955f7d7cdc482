"""Image operation for structured-data crops (see CROPS in structured.py)."""

from wagtail import hooks
from wagtail.images.image_operations import FillOperation


class FillUpOperation(FillOperation):
    """`fillup-WxH`: Wagtail's `fill` (crop to the ratio around the focal
    point, then scale), except that a smaller source is enlarged to exactly
    W×H instead of left small. Search engines want the 16:9, 4:3 and 1:1
    crops at least 1200 px wide; enlarging adds no detail, so the policy
    (docs/distribution.md) is to enlarge only for these machine-read crops,
    never for what readers see."""

    def run(self, transform, image):
        transform = super().run(transform, image)
        if transform.size != (self.width, self.height):
            transform = transform.resize((self.width, self.height))
        return transform


@hooks.register("register_image_operations")
def register_fillup():
    return [("fillup", FillUpOperation)]
