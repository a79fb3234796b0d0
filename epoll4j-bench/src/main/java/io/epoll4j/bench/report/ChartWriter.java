package io.epoll4j.bench.report;

import io.epoll4j.bench.run.LoadCase;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the results as one PNG with three panels side by side — requests/s, server CPU per
 * request, p99 latency — one group of bars per case and one bar per server.
 */
public final class ChartWriter {

    private static final int PANEL_W = 620;
    private static final int PANEL_H = 520;

    private ChartWriter() {}

    /** Writes the chart to the given file. */
    public static void write(Results r, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BufferedImage> panels = List.of(
                panel(r, "Requests per second (higher is better)", "req/s", "#,###",
                        CaseSummary::rps),
                panel(r, "Server CPU per request (lower is better)", "µs", "#,##0.0",
                        CaseSummary::cpuMicros),
                panel(r, "p99 latency (lower is better; pipelined: per batch)", "ms", "#,##0.0",
                        s -> s.p99() / 1000));
        BufferedImage all = new BufferedImage(PANEL_W * panels.size(), PANEL_H + 30,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.drawString("epoll4j macro benchmark " + r.startedAt() + (r.quick() ? " (quick)" : "")
                + " — " + r.machine().get("cpu") + ", server and wrk on separate cores", 10, 20);
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), i * PANEL_W, 30, null);
        }
        g.dispose();
        ImageIO.write(all, "png", png.toFile());
    }

    private static BufferedImage panel(Results r, String title, String unit, String pattern,
                                       ToDoubleFunction<CaseSummary> value) {
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_W).height(PANEL_H)
                .title(title).yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern(pattern);
        List<String> cases = r.cases().stream().map(LoadCase::name).toList();
        Set<String> peers = new LinkedHashSet<>();
        r.summaries().forEach(s -> peers.add(s.peer()));
        for (String peer : peers) {
            List<Double> y = new ArrayList<>();
            for (String c : cases) {
                CaseSummary s = CaseSummary.find(r.summaries(), peer, c);
                double v = s == null ? 0 : value.applyAsDouble(s);
                y.add(Double.isNaN(v) ? 0 : v);
            }
            chart.addSeries(peer, cases, y);
        }
        if (peers.isEmpty()) {
            chart.addSeries("no data", cases, cases.stream().map(c -> 0.0).toList());
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
