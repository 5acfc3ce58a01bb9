"""What the pages of a PDF draw, found by walking their content streams, forms, patterns and annotation appearances
with pikepdf: each colour space used (and how often) and each image placed, with its resolution at the size drawn."""

from __future__ import annotations

from collections import Counter

import pikepdf
from pikepdf import Array, Dictionary, Name


def _multiply(m1, m2):
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


DEVICE = {"/DeviceRGB": "DeviceRGB", "/DeviceCMYK": "DeviceCMYK", "/DeviceGray": "DeviceGray", "/Pattern": "Pattern",
          "/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK", "/G": "DeviceGray"}
OPERATOR_SPACE = {"rg": "DeviceRGB", "RG": "DeviceRGB", "k": "DeviceCMYK", "K": "DeviceCMYK",
                  "g": "DeviceGray", "G": "DeviceGray"}


def families(space) -> list[str]:
    """A colour space and the spaces it is built on (Indexed base, Separation and DeviceN alternates)."""
    if isinstance(space, Name) or isinstance(space, str):
        return [DEVICE.get(str(space), str(space)[1:])]
    if isinstance(space, Array) and len(space):
        family = str(space[0])[1:]
        inner = {"Indexed": 1, "Separation": 2, "DeviceN": 2}.get(family)
        return [family] + (families(space[inner]) if inner is not None and len(space) > inner else [])
    return ["unknown"]


class Content:
    """One walk over everything the pages draw: each colour space used (with how often) and each image placed
    (with its resolution at the size it is drawn)."""

    OPERATORS = "q Q cm Do rg RG k K g G cs CS sh scn SCN"

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.colours: Counter[str] = Counter()
        self.undefined: list[str] = []
        self.images: list[tuple[str, float]] = []
        for number, page in enumerate(pdf.pages, start=1):
            res = page.obj.get("/Resources") or Dictionary()
            self._stream(page, res, (1, 0, 0, 1, 0, 0), f"page {number}", ())
            for annotation in page.obj.get("/Annots", []):
                appearance = (annotation.get("/AP") or {}).get("/N")
                if isinstance(appearance, pikepdf.Stream):  # (appearance states, a dictionary, are not looked into)
                    self._stream(appearance, appearance.get("/Resources") or res, (1, 0, 0, 1, 0, 0),
                                 f"page {number} annotation", ())

    def _space(self, name, res, where: str) -> None:
        key = str(name)
        if key in DEVICE:
            self.colours.update([DEVICE[key]])
            return
        space = (res.get("/ColorSpace") or {}).get(key)
        if space is None:
            self.undefined.append(f"{where}: colour space {key} is not defined")
            return
        self.colours.update(families(space))

    def _stream(self, stream, res, ctm, where: str, open_forms: tuple) -> None:
        stack = [ctm]
        for operands, operator in pikepdf.parse_content_stream(stream, self.OPERATORS):
            op = str(operator)
            if op == "q":
                stack.append(stack[-1])
            elif op == "Q" and len(stack) > 1:
                stack.pop()
            elif op == "cm":
                stack[-1] = _multiply(tuple(float(v) for v in operands), stack[-1])
            elif op in OPERATOR_SPACE:
                self.colours.update([OPERATOR_SPACE[op]])
            elif op in ("cs", "CS"):
                self._space(operands[0], res, where)
            elif op in ("scn", "SCN") and operands and isinstance(operands[-1], Name):
                self._pattern(operands[-1], res, stack[-1], where, open_forms)
            elif op == "sh":
                shading = (res.get("/Shading") or {}).get(str(operands[0]))
                if shading is not None:
                    self.colours.update(families(shading.get("/ColorSpace")))
            elif op == "Do":
                self._xobject(operands[0], res, stack[-1], where, open_forms)

    def _pattern(self, name, res, ctm, where: str, open_forms: tuple) -> None:
        pattern = (res.get("/Pattern") or {}).get(str(name))
        if pattern is None:
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            self.colours.update(families(pattern.Shading.get("/ColorSpace")))
        elif pattern.objgen not in open_forms:
            self._stream(pattern, pattern.get("/Resources") or res, ctm, f"{where} pattern {name}",
                         open_forms + (pattern.objgen,))

    def _xobject(self, name, res, ctm, where: str, open_forms: tuple) -> None:
        item = (res.get("/XObject") or {}).get(str(name))
        if item is None:
            return
        if item.get("/Subtype") == Name.Image:
            if not item.get("/ImageMask", False):
                self.colours.update(families(item.get("/ColorSpace")))
            inches = ((ctm[0] ** 2 + ctm[1] ** 2) ** 0.5 / 72, (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5 / 72)
            ppi = min(pixels / size if size else float("inf")
                      for pixels, size in zip((int(item.Width), int(item.Height)), inches))
            self.images.append((f"{where} {name}", ppi))
        elif item.get("/Subtype") == Name.Form and item.objgen not in open_forms:
            group = item.get("/Group")
            if isinstance(group, Dictionary) and "/CS" in group:
                self.colours.update(families(group.CS))
            matrix = tuple(float(v) for v in item.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            self._stream(item, item.get("/Resources") or res, _multiply(matrix, ctm), f"{where} {name}",
                         open_forms + (item.objgen,))
