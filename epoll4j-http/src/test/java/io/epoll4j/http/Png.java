package io.epoll4j.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs headless Chromium writes (8-bit RGB or RGBA, not interlaced) into packed
 * RGB pixels, with java.base only: the test module does not read java.desktop, and needs no
 * more than counting colours.
 */
final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    final int width;
    final int height;
    /** 0xRRGGBB per pixel, row by row. */
    final int[] rgb;

    private Png(int width, int height, int[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** How many distinct colours the image has. */
    long distinctColours() {
        return Arrays.stream(rgb).distinct().count();
    }

    /** The share of pixels (0 to 1) that are exactly {@code colour}. */
    double share(int colour) {
        return Arrays.stream(rgb).filter(c -> c == colour).count() / (double) rgb.length;
    }

    static Png decode(byte[] file) throws IOException {
        if (file.length < 8 || !Arrays.equals(Arrays.copyOf(file, 8), SIGNATURE)) {
            throw new IOException("not a PNG");
        }
        ByteBuffer in = ByteBuffer.wrap(file, 8, file.length - 8);
        int width = 0;
        int height = 0;
        int channels = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (in.remaining() >= 12) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            byte[] chunk = new byte[length];
            in.get(chunk);
            in.getInt();   // CRC
            String name = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
            if (name.equals("IHDR")) {
                ByteBuffer h = ByteBuffer.wrap(chunk);
                width = h.getInt();
                height = h.getInt();
                int depth = h.get();
                int colourType = h.get();
                h.get();
                h.get();
                int interlace = h.get();
                if (depth != 8 || (colourType != 2 && colourType != 6) || interlace != 0) {
                    throw new IOException("unsupported PNG: depth " + depth + ", colour type " + colourType
                            + ", interlace " + interlace);
                }
                channels = colourType == 6 ? 4 : 3;
            } else if (name.equals("IDAT")) {
                data.write(chunk);
            } else if (name.equals("IEND")) {
                break;
            }
        }
        if (channels == 0) {
            throw new IOException("no IHDR");
        }
        byte[] raw = inflate(data.toByteArray(), (width * channels + 1) * height);
        return new Png(width, height, unfilter(raw, width, height, channels));
    }

    private static byte[] inflate(byte[] compressed, int size) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[size];
            int n = 0;
            while (n < size && !inflater.finished()) {
                int got = inflater.inflate(out, n, size - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != size) {
                throw new IOException("image data is " + n + " bytes, expected " + size);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException(e);
        } finally {
            inflater.end();
        }
    }

    /** Undoes the per-row filters of PNG (None, Sub, Up, Average, Paeth). */
    private static int[] unfilter(byte[] raw, int width, int height, int channels) throws IOException {
        int stride = width * channels;
        byte[] previous = new byte[stride];
        byte[] row = new byte[stride];
        int[] rgb = new int[width * height];
        for (int y = 0; y < height; y++) {
            int base = y * (stride + 1);
            int filter = raw[base];
            for (int i = 0; i < stride; i++) {
                int x = raw[base + 1 + i] & 0xFF;
                int a = i >= channels ? row[i - channels] & 0xFF : 0;
                int b = previous[i] & 0xFF;
                int c = i >= channels ? previous[i - channels] & 0xFF : 0;
                int value = switch (filter) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + b;
                    case 3 -> x + ((a + b) >>> 1);
                    case 4 -> x + paeth(a, b, c);
                    default -> throw new IOException("bad filter " + filter + " in row " + y);
                };
                row[i] = (byte) value;
            }
            for (int px = 0; px < width; px++) {
                int o = px * channels;
                rgb[y * width + px] = (row[o] & 0xFF) << 16 | (row[o + 1] & 0xFF) << 8 | (row[o + 2] & 0xFF);
            }
            byte[] t = previous;
            previous = row;
            row = t;
        }
        return rgb;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
