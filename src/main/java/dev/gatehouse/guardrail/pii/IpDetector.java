package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 addresses (four decimal octets of at most 255, without leading zeros, not part of a longer
 * dotted run and not written as a version: {@code v1.2.3.4}) and IPv6 addresses (validated group by
 * group, with at most one {@code ::} and an optional IPv4 tail; at least one decimal digit, so
 * {@code std::} or {@code dead::beef} in code do not count).
 */
final class IpDetector implements PiiDetector {

    static final int SPECIFICITY = 40;

    private static final Pattern V4 =
            Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?!\\.?[\\w])");
    private static final Pattern V6 = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:.]{3,45}+(?![\\w:.])");

    @Override
    public void find(String text, List<PiiMatch> out) {
        if (text.indexOf('.') >= 0) {
            Matcher m = V4.matcher(text);
            while (m.find()) {
                if (octet(m.group(1)) && octet(m.group(2)) && octet(m.group(3)) && octet(m.group(4))) {
                    out.add(new PiiMatch(m.start(), m.end(), PiiEntity.IP.id(), SPECIFICITY));
                }
            }
        }
        if (text.indexOf(':') >= 0) {
            Matcher m = V6.matcher(text);
            while (m.find()) {
                String candidate = stripTrailingDot(m.group());
                if (candidate.indexOf(':') != candidate.lastIndexOf(':') && isIpv6(candidate)) {
                    out.add(new PiiMatch(m.start(), m.start() + candidate.length(), PiiEntity.IP.id(), SPECIFICITY));
                }
            }
        }
    }

    private static String stripTrailingDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean octet(String s) {
        return (s.length() == 1 || s.charAt(0) != '0') && Integer.parseInt(s) <= 255;
    }

    static boolean isIpv6(String s) {
        if (s.length() < 3 || s.chars().noneMatch(Character::isDigit)) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String[] halves = doubleColon >= 0
                ? new String[] {s.substring(0, doubleColon), s.substring(doubleColon + 2)}
                : new String[] {s};
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && part.indexOf('.') >= 0) {
                    if (!isIpv4(part)) {
                        return false;
                    }
                    groups += 2;
                } else if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(IpDetector::hex)) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean isIpv4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return false;
        }
        for (String o : p) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit) || !octet(o)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
