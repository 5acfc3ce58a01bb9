"""`make bench`: how fast each edition builds, against WeasyPrint alone and pandoc alone on the same content."""
