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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the results as one PNG with three panels side by side — requests/s, server CPU per
 * request, p99 latency — one group of bars per case and one bar per server; and a second PNG
 * ({@link #cpuChartFile}) of server CPU per request against the connection count, one line per
 * server, over the cases that are not pipelined: flat is the goal.
 */
public final class ChartWriter {

    private static final int PANEL_W = 620;
    private static final int PANEL_H = 520;

    private ChartWriter() {}

    /** The CPU-against-connections chart that goes beside {@code png}. */
    public static Path cpuChartFile(Path png) {
        String name = png.getFileName().toString().replaceFirst("\\.png$", "");
        return png.resolveSibling(name + "-cpu.png");
    }

    /** Writes the charts: the panels to the given file, CPU per connection count beside it. */
    public static void write(Results r, Path png) throws IOException {
        writePanels(r, png);
        writeCpuByConnections(r, cpuChartFile(png));
    }

    private static void writeCpuByConnections(Results r, Path png) throws IOException {
        List<LoadCase> cases = r.cases().stream().filter(c -> !c.pipelined())
                .sorted(java.util.Comparator.comparingInt(LoadCase::connections)).toList();
        XYChart chart = new XYChartBuilder().width(PANEL_W + 200).height(PANEL_H)
                .title("Server CPU per request against connections, not pipelined (lower and flatter is better)")
                .xAxisTitle("connections (wrk, keep-alive)").yAxisTitle("µs per request").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.0");
        chart.getStyler().setXAxisLogarithmic(true);
        Set<String> peers = new LinkedHashSet<>();
        r.summaries().forEach(s -> peers.add(s.peer()));
        for (String peer : peers) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (LoadCase c : cases) {
                CaseSummary s = CaseSummary.find(r.summaries(), peer, c.name());
                if (s != null && !Double.isNaN(s.cpuMicros())) {
                    x.add((double) c.connections());
                    y.add(s.cpuMicros());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(peer, x, y);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no data", List.of(1.0), List.of(0.0));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void writePanels(Results r, Path png) throws IOException {
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
