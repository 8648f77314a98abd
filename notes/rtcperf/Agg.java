import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
public class Agg {
  public static void main(String[] a) throws Exception {
    long from = a.length > 1 ? Long.parseLong(a[1]) : 0, to = a.length > 2 ? Long.parseLong(a[2]) : Long.MAX_VALUE;
    int depth = a.length > 3 ? Integer.parseInt(a[3]) : 1; String thf = a.length > 4 ? a[4] : ".*";
    Map<String,Integer> top = new HashMap<>(), thr = new HashMap<>(), self = new HashMap<>(), incl = new HashMap<>();
    int total = 0;
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
        long t = e.getStartTime().toEpochMilli();
        if (t < from || t > to) continue;
        total++;
        RecordedThread th = e.getThread("sampledThread");
        String tn = th == null ? "?" : th.getJavaName();
        if (tn == null) tn = "?"; 
        tn = tn.replaceAll("[0-9a-f]{6}$", "X").replaceAll("-\\d+", "-N").replaceAll("peerset-link-N-.*","peerset-link");
        if (!tn.matches(thf)) { total--; continue; }
        thr.merge(tn, 1, Integer::sum);
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) continue;
        List<RecordedFrame> fr = st.getFrames();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(depth, fr.size()); i++) { RecordedFrame f = fr.get(i); if (i>0) sb.append(" <- "); sb.append(f.getMethod().getType().getName().replaceAll("^.*\\.","")).append('.').append(f.getMethod().getName()); }
        self.merge(sb.toString(), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : fr) { String m = f.getMethod().getType().getName().replaceAll("^.*\\.","") + "." + f.getMethod().getName(); if (seen.add(m)) incl.merge(m, 1, Integer::sum); }
        // per thread + interesting frame
      }
    }
    System.out.println("samples " + total);
    print("threads", thr, total, 25); print("self (top frames)", self, total, 40); print("inclusive", incl, total, 70);
  }
  static void print(String t, Map<String,Integer> m, int total, int n) {
    System.out.println("== " + t);
    m.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(n).forEach(e -> System.out.printf("%6d %5.1f%% %s%n", e.getValue(), 100.0*e.getValue()/total, e.getKey()));
  }
}
