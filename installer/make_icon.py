"""Draw the program's icon (resources/icons/khuyencong.png and .ico): the navigation's dark blue, a gold
rule, and "KC" in the bundled serif. Run again after changing it; the files are committed.

    python installer/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
BLUE, GOLD, WHITE = (29, 59, 92, 255), (230, 180, 60, 255), (255, 255, 255, 255)
SIZE = 256


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=44, fill=BLUE)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "LiberationSerif-Bold.ttf"), 132)
    box = pen.textbbox((0, 0), "KC", font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    pen.text(((SIZE - width) / 2 - box[0], 58 - box[1]), "KC", font=font, fill=WHITE)
    pen.rectangle((52, 58 + height + 22, SIZE - 52, 58 + height + 36), fill=GOLD)
    return image


def main() -> None:
    folder = ROOT / "resources" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(folder / "khuyencong.png")
    sizes = [(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
    image.save(folder / "khuyencong.ico", sizes=sizes)


if __name__ == "__main__":
    main()
