"""Where things are in a draft, in words a person can follow in Word: "paragraph 12", "footnote 3"."""

from __future__ import annotations

from lxml import etree

from pipeline.importer.word import text_of, w

_TEXT_BOX = w("txbxContent")


class Places:
    """Names every paragraph of the body and of the notes before anything is changed, so that the names
    stay those of the draft as the author sees it."""

    def __init__(self, body: etree._Element, notes: dict[str, etree._Element | None], references: list[tuple[str, str]]):
        self.names: dict[etree._Element, str] = {}
        self.texts: dict[etree._Element, str] = {}
        count = 0
        boxed = []
        for paragraph in body.iter(w("p")):
            if any(a.tag == _TEXT_BOX for a in paragraph.iterancestors()):
                boxed.append(paragraph)
                continue
            count += 1
            self.names[paragraph] = f"paragraph {count}"
        for paragraph in boxed:
            outer = next((a for a in paragraph.iterancestors(w("p")) if a in self.names), None)
            self.names[paragraph] = f"text box in {self.names[outer]}" if outer is not None else "text box"
        self.body_count = count
        #: Word numbers footnotes and endnotes apart, each in the order of their references.
        self.note_numbers: dict[tuple[str, str], int] = {}
        for kind in ("footnote", "endnote"):
            ids = [i for k, i in references if k == kind]
            for number, note_id in enumerate(dict.fromkeys(ids), start=1):
                self.note_numbers[(kind, note_id)] = number
        for kind, root in notes.items():
            for note in root.iter(w(kind)) if root is not None else ():
                number = self.note_numbers.get((kind, note.get(w("id"), "")))
                label = f"{kind} {number}" if number else f"{kind} (not referenced)"
                for at, paragraph in enumerate(note.iter(w("p")), start=1):
                    self.names[paragraph] = label if at == 1 else f"{label}, paragraph {at}"

    def paragraph(self, element: etree._Element) -> etree._Element | None:
        """The paragraph an element is in, or the first paragraph inside it (a table row, a cell)."""
        if element.tag == w("p") and element in self.names:
            return element
        for ancestor in element.iterancestors(w("p")):
            if ancestor in self.names:
                return ancestor
        return next((p for p in element.iter(w("p")) if p in self.names), None)

    def of(self, element: etree._Element) -> tuple[str | None, str | None]:
        """Where an element is, and the text of its paragraph as context."""
        paragraph = self.paragraph(element)
        if paragraph is None:
            return None, None
        if paragraph not in self.texts:
            self.texts[paragraph] = text_of(paragraph)
        return self.names[paragraph], self.texts[paragraph]


def references(body: etree._Element) -> list[tuple[str, str]]:
    """The footnote and endnote references of the body, in reading order: (kind, Word's id)."""
    return [("footnote" if ref.tag == w("footnoteReference") else "endnote", ref.get(w("id"), ""))
            for ref in body.iter(w("footnoteReference"), w("endnoteReference"))]
