// EPUBCheck on many files in one JVM: the arguments are pairs of an EPUB file and the JSON report to write.
// Run with `java -cp epubcheck.jar EpubCheckMany.java A.epub A.json B.epub B.json ...` (Java 11+ compiles it on the fly).
public class EpubCheckMany {
    public static void main(String[] args) {
        int status = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            try {
                new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
            } catch (RuntimeException e) {
                System.err.println(args[i] + ": EPUBCheck failed: " + e);
                status = 2;
            }
        }
        System.exit(status);
    }
}
