"""The command line of `pipeline import`, kept apart from the importer so that other commands load none of it."""

from __future__ import annotations

from pathlib import Path


def add_arguments(commands) -> None:
    parser = commands.add_parser("import", help="make a source from a Word draft (.docx)")
    parser.add_argument("file", type=Path, metavar="DRAFT.docx")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                        help="the source to write, such as documents/<name>/document.xml")
    parser.add_argument("--track-changes", choices=("accept", "reject"),
                        help="accept or reject every tracked change, and leave comments out "
                             "(without it, a draft with either is refused)")
    parser.add_argument("--lang", help="the document's language (ara, eng, fra, rus, spa, zho), when the draft "
                                       "does not say it or says it wrongly")
    parser.add_argument("--title", help="the title, when the draft has no paragraph in a title style")
    parser.add_argument("--author", help="the authoring organization, when Word's properties name none")
    parser.add_argument("--date", help="the date (2026-01-15), when the draft has none")
    parser.add_argument("--force", action="store_true", help="replace an existing source")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
