"""Single-source publishing pipeline: Akoma Ntoso 3.0 in, HTML, PDF, EPUB and DOCX out."""

from pathlib import Path

__version__ = "0.1.0"

#: Presentation: stylesheets, labels, page rules, the DOCX reference document. Every module finds it here.
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
