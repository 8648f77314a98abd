import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
public class Gc {
  public static void main(String[] a) throws Exception {
    long from = Long.parseLong(a[1]), to = Long.parseLong(a[2]);
    int n=0; long pause=0; long heapMax=0; Map<String,Integer> causes=new TreeMap<>();
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        long t = e.getStartTime().toEpochMilli();
        if (t < from || t > to) continue;
        String nm = e.getEventType().getName();
        if (nm.equals("jdk.GarbageCollection")) { n++; pause += e.getDuration("sumOfPauses").toMillis(); causes.merge(e.getString("name")+"/"+e.getString("cause"),1,Integer::sum);}
        if (nm.equals("jdk.GCHeapSummary") && e.getString("when").equals("After GC")) heapMax = Math.max(heapMax, e.getLong("heapUsed"));
      }
    }
    System.out.println("GCs " + n + " pause ms " + pause + " max heap after GC MB " + heapMax/1e6 + " " + causes);
  }
}
