import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
public class Comp {
  public static void main(String[] a) throws Exception {
    long from = Long.parseLong(a[1]), to = Long.parseLong(a[2]);
    List<String> rows = new ArrayList<>(); long tot=0; int n=0; Map<Integer,Long> byLevel=new TreeMap<>();
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.Compilation")) continue;
        long t = e.getStartTime().toEpochMilli();
        if (t < from || t > to) continue;
        long d = e.getDuration().toMillis(); tot+=d; n++;
        int lvl = e.getInt("compileLevel"); byLevel.merge(lvl, d, Long::sum);
        RecordedMethod m = e.getValue("method");
        rows.add(String.format("%6d ms L%d%s %s.%s size=%d inl=%d", d, lvl, e.getBoolean("isOsr") ? " OSR" : "", m.getType().getName(), m.getName(), e.getLong("codeSize"), e.getLong("inlinedBytes")));
      }
    }
    System.out.println("compilations " + n + " total ms " + tot + " by level " + byLevel);
    rows.sort(Comparator.reverseOrder()); rows.stream().limit(Integer.parseInt(a[3])).forEach(System.out::println);
  }
}
