"""Single-source publishing pipeline: Akoma Ntoso 3.0 in, HTML, PDF, EPUB and DOCX out."""

__version__ = "0.1.0"
