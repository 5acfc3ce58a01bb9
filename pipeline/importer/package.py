"""Opening a Word draft safely: a bounded zip (no bombs), recognised by its content, parts parsed without entities."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from pipeline.importer.report import Refused

#: Largest draft file, in bytes (a long report with photographs stays far below).
MAX_FILE = 200 * 1024 * 1024
#: Largest part once uncompressed, and all parts together: a zip bomb stops here, before it is inflated.
MAX_PART = 256 * 1024 * 1024
MAX_TOTAL = 1024 * 1024 * 1024
#: Highest compression ratio allowed for a large part (XML compresses 5 to 30 times; bombs a thousand).
MAX_RATIO = 200
MAX_ENTRIES = 20000

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Package:
    """The parts of a DOCX, read on demand within the limits; `main` is the main document part's name."""

    name: str
    archive: zipfile.ZipFile
    main: str
    _xml: dict[str, etree._Element] = field(default_factory=dict)

    def has(self, part: str) -> bool:
        return part in self.archive.NameToInfo

    def read(self, part: str) -> bytes:
        try:
            return self.archive.read(part)
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
            raise Refused(f"part {part} is damaged: {exc}") from None
        except NotImplementedError as exc:  # an unknown compression method
            raise Refused(f"part {part} cannot be read: {exc}") from None

    def xml(self, part: str) -> etree._Element | None:
        """A part parsed as XML (None when absent); a DTD, an entity or malformed XML is refused."""
        if part not in self._xml:
            if not self.has(part):
                return None
            self._xml[part] = parse(f"{self.name}: {part}", self.read(part))
        return self._xml[part]

    def relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """The relationships of a part: id → (type, target part or URL, external?)."""
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out = {}
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship") if rels is not None else ():
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The first part of a relationship type (ending, e.g. "/footnotes") from a part, if the package has it."""
        for rel_type, target, external in self.relationships(part).values():
            if rel_type.endswith(kind) and not external and self.has(target):
                return target
        return None


def parse(where: str, data: bytes) -> etree._Element:
    """Parse one part: no DTD, no entities, no network, libxml2's default limits on depth and size."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise Refused(f"{where} declares a document type or entities, which Word never writes")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Refused(f"{where} is not well-formed XML ({exc.msg})") from None


def _what_is_it(head: bytes, data: bytes) -> str:
    """A clear name for a file that is not a DOCX at all."""
    if head.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return ("a password-protected (encrypted) Word document: open it in Word, remove the password "
                    "(File > Info > Protect Document), save it and import it again")
        return "a Word 97-2003 document (.doc) or another old Office file: open it in Word and save it as .docx"
    if head.startswith(b"{\\rtf"):
        return "a Rich Text Format (.rtf) file: open it in Word and save it as .docx"
    if head.startswith(b"%PDF"):
        return "a PDF file, not a Word document"
    if head.lstrip().startswith(b"<"):
        return "an XML or HTML file, not a Word document (.docx)"
    if not head:
        return "an empty file, not a Word document"
    return "not a Word document (.docx): it is not even a zip archive"


def open_package(name: str, data: bytes) -> Package:
    """The draft as a package, or Refused naming what the file is instead."""
    if len(data) > MAX_FILE:
        raise Refused(f"the file is larger than the limit of {MAX_FILE // (1024 * 1024)} MiB")
    head = data[:8]
    if not head.startswith(b"PK"):
        raise Refused(_what_is_it(head, data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise Refused("the zip archive is damaged or truncated (it has no complete table of contents): "
                      "the file was not copied whole; save it again from Word") from None
    _check_sizes(archive)
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        raise Refused("the zip archive is encrypted: save the document again from Word without a password")
    names = set(archive.namelist())
    if "mimetype" in names and archive.read("mimetype")[:60].startswith(b"application/vnd.oasis.opendocument"):
        raise Refused("an OpenDocument file (.odt), not a Word document: save it as .docx (Word 2007-365)")
    if "[Content_Types].xml" not in names:
        raise Refused("a zip archive, but not a Word document: it has no [Content_Types].xml")
    package = Package(name, archive, "")
    package.main = _main_part(package)
    return package


def _check_sizes(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Refused(f"the zip archive holds {len(infos)} entries, more than the limit of {MAX_ENTRIES}")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART or (info.file_size > 8 * 1024 * 1024 and ratio > MAX_RATIO):
            raise Refused(f"part {info.filename} would inflate to {info.file_size} bytes "
                          f"({ratio:.0f} times its compressed size): refused as a zip bomb")
    if total > MAX_TOTAL:
        raise Refused(f"the parts would inflate to {total} bytes in all, more than the limit of {MAX_TOTAL}: "
                      "refused as a zip bomb")


def _main_part(package: Package) -> str:
    """The main document part, found as Word finds it: through the package relationships."""
    for rel_type, target, external in package.relationships("").values():
        if rel_type == STRICT_OFFICE_DOCUMENT:
            raise Refused("the document is saved as Strict Open XML: save it in Word as "
                          "\"Word Document (*.docx)\", not \"Strict Open XML Document\"")
        if rel_type == OFFICE_DOCUMENT and not external:
            if not package.has(target):
                raise Refused(f"the main document part {target} is missing: the file is damaged")
            types = package.xml("[Content_Types].xml")
            declared = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                        for o in types.iter(f"{{{CONTENT_TYPES}}}Override")}
            if declared.get(target) not in WORD_MAIN_TYPES:
                raise Refused(f"an Office file, but not a Word document (its main part is "
                              f"{declared.get(target) or 'of no declared type'})")
            return target
    raise Refused("a zip archive, but not a Word document: it has no main document part")
