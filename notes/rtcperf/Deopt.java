import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
public class Deopt {
  public static void main(String[] a) throws Exception {
    long from = Long.parseLong(a[1]), to = Long.parseLong(a[2]);
    Map<String,Integer> c = new TreeMap<>(); Map<String,Long> comp=new HashMap<>(); Map<String,Integer> compN=new HashMap<>();
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        long t = e.getStartTime().toEpochMilli();
        if (t < from || t > to) continue;
        String n = e.getEventType().getName();
        if (n.equals("jdk.Deoptimization")) {
          RecordedMethod m = e.getValue("method");
          String k = m.getType().getName().replaceAll(".*\\.","") + "." + m.getName() + " " + e.getValue("reason") + " " + e.getValue("action");
          c.merge(k, 1, Integer::sum);
        }
      }
    }
    c.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(Integer.parseInt(a[3])).forEach(x -> System.out.println(x.getValue()+" "+x.getKey()));
  }
}
