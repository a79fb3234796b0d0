package io.epoll4j.http;

import io.epoll4j.testing.Tools;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Headless Chromium renders a page and a directory listing served by the server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChromiumTest {
    private static final int BLUE = 0x3366CC;
    private static final int RED = 0xCC2222;

    private Path tmp;
    private LiveServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Tools.require("chromium");
        tmp = dir;
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), """
                <!DOCTYPE html>
                <html><head><title>blocks</title>
                <style>html, body { margin: 0; background: #3366cc; }
                #red { width: 400px; height: 300px; background: #cc2222; }</style></head>
                <body><div id="red"></div></body></html>
                """);
        Path files = Files.createDirectory(root.resolve("files"));
        for (String name : List.of("alpha.txt", "beta & gamma.txt", "<delta>.html", "epsilon.bin")) {
            Files.writeString(files.resolve(name), name);
        }
        server = LiveServer.start(root);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Png screenshot(String path) throws Exception {
        Path png = tmp.resolve("shot-" + System.nanoTime() + ".png");
        Path profile = Files.createTempDirectory(tmp, "profile");
        Tools.Result r = Tools.run(Duration.ofSeconds(90), null, List.of("chromium", "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=800,600", server.url(path)));
        assertTrue(Files.isRegularFile(png) && Files.size(png) > 0,
                "no screenshot; chromium exited " + r.exit() + "\n" + r.err());
        Png image = Png.decode(Files.readAllBytes(png));
        assertTrue(image.width == 800 && image.height == 600, image.width + "x" + image.height);
        return image;
    }

    @Test
    void pageWithColouredBlocksRenders() throws Exception {
        Png image = screenshot("/");
        // 400x300 of 800x600 is red, the rest blue (give or take antialiasing at the edge).
        double red = image.share(RED);
        double blue = image.share(BLUE);
        assertTrue(red > 0.2 && red < 0.3, "red share " + red);
        assertTrue(blue > 0.7 && blue < 0.8, "blue share " + blue);
        server.awaitAccessLog("\"GET / HTTP/1.1\" 200 ");
    }

    @Test
    void directoryListingRenders() throws Exception {
        Png image = screenshot("/files/");
        // Text on white: several colours (antialiased glyphs, link blue), mostly white.
        assertTrue(image.distinctColours() > 1, "blank page: " + image.distinctColours() + " colours");
        double white = image.share(0xFFFFFF);
        assertTrue(white > 0.5 && white < 1.0, "white share " + white);
        server.awaitAccessLog("\"GET /files/ HTTP/1.1\" 200 ");
    }
}
