"""The limits a source document must keep within; each is reported with a clear message when passed."""

#: Largest source file, in bytes (real documents are far smaller).
MAX_BYTES = 20 * 1024 * 1024
#: Deepest nesting of elements (the deepest real structure is about 20).
MAX_DEPTH = 48
#: Most footnotes in one document.
MAX_NOTES = 5000
#: Seconds one output may take to build; override with PIPELINE_TIME_LIMIT.
TIME_LIMIT = 900
