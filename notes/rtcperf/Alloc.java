import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
public class Alloc {
  public static void main(String[] a) throws Exception {
    long from = Long.parseLong(a[1]), to = Long.parseLong(a[2]); int depth=Integer.parseInt(a[3]);
    Map<String,Long> c = new HashMap<>(); long tot=0;
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) continue;
        long t = e.getStartTime().toEpochMilli();
        if (t < from || t > to) continue;
        long w = e.getLong("weight"); tot+=w;
        RecordedStackTrace st = e.getStackTrace(); if (st==null) continue;
        StringBuilder k = new StringBuilder(e.getClass("objectClass").getName().replaceAll(".*\\.",""));
        List<RecordedFrame> fr = st.getFrames();
        for (int i=0;i<Math.min(depth,fr.size());i++){ RecordedMethod m=fr.get(i).getMethod(); k.append(" < ").append(m.getType().getName().replaceAll(".*\\.","")).append('.').append(m.getName()); }
        c.merge(k.toString(), w, Long::sum);
      }
    }
    System.out.printf("total %.0f MB%n", tot/1e6);
    c.entrySet().stream().sorted((x,y)->Long.compare(y.getValue(),x.getValue())).limit(Integer.parseInt(a[4])).forEach(x -> System.out.printf("%7.1f MB %s%n", x.getValue()/1e6, x.getKey()));
  }
}
