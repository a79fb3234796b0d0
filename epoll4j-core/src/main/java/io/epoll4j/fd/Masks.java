package io.epoll4j.fd;

/** Prints bit masks of the kernel's flags (epoll, inotify) as their names. */
final class Masks {
    private Masks() {}

    /** The set bits of {@code mask} as names joined by {@code |}; unknown bits in hex; "0" if empty. */
    static String toString(int mask, int[] bits, String[] names) {
        if (mask == 0) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        int rest = mask;
        for (int i = 0; i < bits.length; i++) {
            if ((mask & bits[i]) != 0) {
                out.append(out.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            out.append(out.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return out.toString();
    }
}
