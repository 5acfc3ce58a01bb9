"""Word drafts (DOCX) into Akoma Ntoso sources: `pipeline import draft.docx -o documents/<name>/document.xml`."""
