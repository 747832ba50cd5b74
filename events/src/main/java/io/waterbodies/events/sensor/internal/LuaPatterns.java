package io.waterbodies.events.sensor.internal;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua's pattern functions ({@code string.find}, {@code match}, {@code gmatch}, {@code gsub}),
 * written after the reference manual (patterns, section 5.4.1 of Lua 5.1) with every matching step
 * counted against the run's {@link LuaBudget}. LuaJ's own matcher runs inside one library call,
 * where no instruction hook reaches: the common trim idiom {@code s:match('^%s*(.-)%s*$')} is
 * quadratic in the length of {@code s} (0.9 s on 16,000 spaces, an hour on a 1 MB event field).
 */
final class LuaPatterns {
  private static final int MAX_CAPTURES = 32;
  private static final int MAX_DEPTH = 200;
  private static final int CAP_UNFINISHED = -1;
  private static final int CAP_POSITION = -2;
  private static final String SPECIALS = "^$*+?.([%-";

  private final LuaBudget budget;

  LuaPatterns(LuaBudget budget) {
    this.budget = budget;
  }

  /** Replaces the pattern functions of {@code string} with these. */
  void install(LuaValue string) {
    string.set("find", new Find(true));
    string.set("match", new Find(false));
    string.set("gmatch", new Gmatch());
    string.set("gsub", new Gsub());
  }

  /** One attempt to match a pattern against a subject, with its captures. */
  private final class Matcher {
    final LuaString src;
    final LuaString pat;
    final int srcLen;
    final int patLen;
    int level;
    int depth;
    final int[] capStart = new int[MAX_CAPTURES];
    final int[] capLen = new int[MAX_CAPTURES];

    Matcher(LuaString src, LuaString pat) {
      this.src = src;
      this.pat = pat;
      this.srcLen = src.length();
      this.patLen = pat.length();
    }

    void reset() {
      level = 0;
      depth = 0;
    }

    int s(int i) {
      return src.luaByte(i);
    }

    int p(int i) {
      return pat.luaByte(i);
    }

    /** The end of the match of {@code pat[pi..]} at {@code src[si..]}, or -1. */
    int match(int si, int pi) {
      if (++depth > MAX_DEPTH) {
        throw new LuaError("pattern too complex");
      }
      try {
        while (true) {
          budget.matchStep();
          if (pi == patLen) {
            return si;
          }
          int c = p(pi);
          if (c == '(') {
            return pi + 1 < patLen && p(pi + 1) == ')'
                ? startCapture(si, pi + 2, CAP_POSITION)
                : startCapture(si, pi + 1, CAP_UNFINISHED);
          }
          if (c == ')') {
            return endCapture(si, pi + 1);
          }
          if (c == '$' && pi + 1 == patLen) {
            return si == srcLen ? si : -1;
          }
          if (c == '%' && pi + 1 < patLen) {
            int n = p(pi + 1);
            if (n == 'b') {
              si = matchBalance(si, pi + 2);
              if (si == -1) {
                return -1;
              }
              pi += 4;
              continue;
            }
            if (n == 'f') {
              pi += 2;
              if (pi >= patLen || p(pi) != '[') {
                throw new LuaError("missing '[' after '%f' in pattern");
              }
              int ep = classEnd(pi);
              int prev = si == 0 ? 0 : s(si - 1);
              int cur = si < srcLen ? s(si) : 0;
              if (!matchBracket(prev, pi, ep - 1) && matchBracket(cur, pi, ep - 1)) {
                pi = ep;
                continue;
              }
              return -1;
            }
            if (n >= '0' && n <= '9') {
              si = matchCapture(si, n);
              if (si == -1) {
                return -1;
              }
              pi += 2;
              continue;
            }
          }
          int ep = classEnd(pi);
          boolean m = si < srcLen && singleMatch(s(si), pi, ep);
          int q = ep < patLen ? p(ep) : 0;
          if (q == '?') {
            if (m) {
              int res = match(si + 1, ep + 1);
              if (res != -1) {
                return res;
              }
            }
            pi = ep + 1;
            continue;
          }
          if (q == '+') {
            return m ? maxExpand(si + 1, pi, ep) : -1;
          }
          if (q == '*') {
            return maxExpand(si, pi, ep);
          }
          if (q == '-') {
            return minExpand(si, pi, ep);
          }
          if (!m) {
            return -1;
          }
          si++;
          pi = ep;
        }
      } finally {
        depth--;
      }
    }

    private int maxExpand(int si, int pi, int ep) {
      int i = 0;
      while (si + i < srcLen && singleMatch(s(si + i), pi, ep)) {
        i++;
      }
      for (; i >= 0; i--) {
        int res = match(si + i, ep + 1);
        if (res != -1) {
          return res;
        }
      }
      return -1;
    }

    private int minExpand(int si, int pi, int ep) {
      while (true) {
        int res = match(si, ep + 1);
        if (res != -1) {
          return res;
        }
        if (si < srcLen && singleMatch(s(si), pi, ep)) {
          si++;
        } else {
          return -1;
        }
      }
    }

    private int startCapture(int si, int pi, int what) {
      if (level >= MAX_CAPTURES) {
        throw new LuaError("too many captures");
      }
      capStart[level] = si;
      capLen[level] = what;
      level++;
      int res = match(si, pi);
      if (res == -1) {
        level--;
      }
      return res;
    }

    private int endCapture(int si, int pi) {
      int l = -1;
      for (int i = level - 1; i >= 0; i--) {
        if (capLen[i] == CAP_UNFINISHED) {
          l = i;
          break;
        }
      }
      if (l < 0) {
        throw new LuaError("invalid pattern capture");
      }
      capLen[l] = si - capStart[l];
      int res = match(si, pi);
      if (res == -1) {
        capLen[l] = CAP_UNFINISHED;
      }
      return res;
    }

    private int matchBalance(int si, int pi) {
      if (pi + 1 >= patLen) {
        throw new LuaError("missing arguments to '%b'");
      }
      if (si >= srcLen || s(si) != p(pi)) {
        return -1;
      }
      int open = p(pi);
      int close = p(pi + 1);
      int count = 1;
      while (++si < srcLen) {
        budget.matchStep();
        int c = s(si);
        if (c == close) {
          if (--count == 0) {
            return si + 1;
          }
        } else if (c == open) {
          count++;
        }
      }
      return -1;
    }

    private int matchCapture(int si, int digit) {
      int l = digit - '1';
      if (l < 0 || l >= level || capLen[l] == CAP_UNFINISHED) {
        throw new LuaError("invalid capture index %" + (l + 1));
      }
      int len = capLen[l];
      if (len < 0 || srcLen - si < len) {
        return -1;
      }
      for (int k = 0; k < len; k++) {
        budget.matchStep();
        if (s(capStart[l] + k) != s(si + k)) {
          return -1;
        }
      }
      return si + len;
    }

    /** The index just after the single-character class at {@code pi}. */
    private int classEnd(int pi) {
      int c = p(pi++);
      if (c == '%') {
        if (pi >= patLen) {
          throw new LuaError("malformed pattern (ends with '%')");
        }
        return pi + 1;
      }
      if (c == '[') {
        if (pi < patLen && p(pi) == '^') {
          pi++;
        }
        do { // a ']' right after '[' or '[^' is a member
          if (pi >= patLen) {
            throw new LuaError("malformed pattern (missing ']')");
          }
          c = p(pi++);
          if (c == '%') {
            if (pi >= patLen) {
              throw new LuaError("malformed pattern (missing ']')");
            }
            pi++;
          }
        } while (pi >= patLen || p(pi) != ']');
        return pi + 1;
      }
      return pi;
    }

    private boolean singleMatch(int c, int pi, int ep) {
      budget.matchStep();
      return switch (p(pi)) {
        case '.' -> true;
        case '%' -> matchClass(c, p(pi + 1));
        case '[' -> matchBracket(c, pi, ep - 1);
        default -> p(pi) == c;
      };
    }

    /** Whether {@code c} is in the set {@code [...]} from {@code pi} ('[') to {@code ec} (']'). */
    private boolean matchBracket(int c, int pi, int ec) {
      boolean in = true;
      if (p(pi + 1) == '^') {
        in = false;
        pi++;
      }
      while (++pi < ec) {
        if (p(pi) == '%') {
          pi++;
          if (matchClass(c, p(pi))) {
            return in;
          }
        } else if (pi + 2 < ec && p(pi + 1) == '-') {
          if (p(pi) <= c && c <= p(pi + 2)) {
            return in;
          }
          pi += 2;
        } else if (p(pi) == c) {
          return in;
        }
      }
      return !in;
    }

    /** The captures (or the whole match when there are none and {@code whole}). */
    Varargs captures(int si, int end, boolean whole) {
      int n = level == 0 && whole ? 1 : level;
      LuaValue[] v = new LuaValue[n];
      for (int i = 0; i < n; i++) {
        v[i] = capture(i, si, end);
      }
      return LuaValue.varargsOf(v);
    }

    LuaValue capture(int i, int si, int end) {
      if (i >= level) {
        if (i == 0) {
          return src.substring(si, end);
        }
        throw new LuaError("invalid capture index %" + (i + 1));
      }
      if (capLen[i] == CAP_UNFINISHED) {
        throw new LuaError("unfinished capture");
      }
      if (capLen[i] == CAP_POSITION) {
        return LuaValue.valueOf(capStart[i] + 1);
      }
      return src.substring(capStart[i], capStart[i] + capLen[i]);
    }
  }

  /**
   * Lua's character classes, in the C locale (bytes of 128 and above are in none), as Lua 5.1
   * defines them: gopher-lua, which Argo runs, is 5.1, so {@code %g} is a plain 'g'.
   */
  static boolean matchClass(int c, int cl) {
    boolean res;
    switch (Character.toLowerCase(cl)) {
      case 'a' -> res = isAlpha(c);
      case 'c' -> res = c < 32 || c == 127;
      case 'd' -> res = c >= '0' && c <= '9';
      case 'l' -> res = c >= 'a' && c <= 'z';
      case 'p' -> res = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
      case 's' -> res = c == ' ' || (c >= '\t' && c <= '\r');
      case 'u' -> res = c >= 'A' && c <= 'Z';
      case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
      case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      case 'z' -> res = c == 0;
      default -> {
        return cl == c;
      }
    }
    return Character.isUpperCase(cl) ? !res : res;
  }

  private static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean plain(LuaString p) {
    for (int i = 0; i < p.length(); i++) {
      if (SPECIALS.indexOf(p.luaByte(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code init} as a 0-based start: negative counts from the end; past the end is the end (Lua
   * 5.1's rule, which gopher-lua and LuaJ follow).
   */
  private static int start(int init, int len) {
    if (init > 0) {
      return Math.min(init - 1, len);
    }
    return init == 0 ? 0 : Math.max(0, len + init);
  }

  /** {@code string.find} ({@code find}) or {@code string.match}. */
  private final class Find extends VarArgFunction {
    private final boolean find;

    Find(boolean find) {
      this.find = find;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      LuaString p = args.checkstring(2);
      int init = start(args.optint(3, 1), s.length());
      if (find && (args.arg(4).toboolean() || plain(p))) {
        int at = indexOf(s, p, init);
        return at < 0 ? NIL : varargsOf(valueOf(at + 1), valueOf(at + p.length()));
      }
      Matcher m = new Matcher(s, p);
      boolean anchor = p.length() > 0 && p.luaByte(0) == '^';
      int pi = anchor ? 1 : 0;
      int si = init;
      do {
        m.reset();
        int end = m.match(si, pi);
        if (end != -1) {
          return find
              ? varargsOf(valueOf(si + 1), valueOf(end), m.captures(si, end, false))
              : m.captures(si, end, true);
        }
        si++;
      } while (si <= s.length() && !anchor);
      return NIL;
    }

    private int indexOf(LuaString s, LuaString p, int from) {
      int n = s.length();
      int k = p.length();
      for (int i = from; i + k <= n; i++) {
        budget.matchStep();
        int j = 0;
        while (j < k && s.luaByte(i + j) == p.luaByte(j)) {
          budget.matchStep();
          j++;
        }
        if (j == k) {
          return i;
        }
      }
      return -1;
    }
  }

  /** {@code string.gmatch}: an iterator over the matches ('^' is not an anchor here, as in Lua). */
  private final class Gmatch extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      LuaString p = args.checkstring(2);
      Matcher m = new Matcher(s, p);
      return new VarArgFunction() {
        private int next;

        @Override
        public Varargs invoke(Varargs ignored) {
          for (int si = next; si <= s.length(); si++) {
            m.reset();
            int end = m.match(si, 0);
            if (end != -1) {
              next = end == si ? end + 1 : end;
              return m.captures(si, end, true);
            }
          }
          next = s.length() + 1;
          return NIL;
        }
      };
    }
  }

  /**
   * {@code string.gsub(s, pattern, repl [, n])}: repl a string ({@code %0}-{@code %9} are captures,
   * {@code %%} a '%'), a table (indexed by the first capture) or a function (called with the
   * captures); a false or nil value keeps the match. The result is counted against the memory
   * budget as it grows.
   */
  private final class Gsub extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      LuaString p = args.checkstring(2);
      LuaValue repl = args.arg(3);
      if (!repl.isstring() && !repl.istable() && !repl.isfunction()) {
        argerror(3, "string/function/table expected");
      }
      int max = args.optint(4, s.length() + 1);
      boolean anchor = p.length() > 0 && p.luaByte(0) == '^';
      int pi = anchor ? 1 : 0;
      Matcher m = new Matcher(s, p);
      LuaBudget.Bytes out = budget.bytes("string.gsub");
      int si = 0;
      int n = 0;
      while (n < max) {
        m.reset();
        int end = m.match(si, pi);
        if (end != -1) {
          n++;
          replace(m, si, end, repl, out);
        }
        if (end != -1 && end > si) {
          si = end;
        } else if (si < s.length()) {
          out.add(s.luaByte(si));
          si++;
        } else {
          break;
        }
        if (anchor) {
          break;
        }
      }
      out.add(s.substring(si, s.length()));
      return varargsOf(out.toLuaString(), valueOf(n));
    }

    private void replace(Matcher m, int si, int end, LuaValue repl, LuaBudget.Bytes out) {
      LuaValue v;
      if (repl.isstring()) {
        LuaString r = repl.checkstring();
        for (int i = 0; i < r.length(); i++) {
          int c = r.luaByte(i);
          if (c == '%' && i + 1 < r.length()) {
            int d = r.luaByte(++i);
            if (d >= '0' && d <= '9') {
              out.add(d == '0' ? m.src.substring(si, end) : m.capture(d - '1', si, end).strvalue());
              continue;
            }
            c = d;
          }
          out.add(c);
        }
        return;
      }
      if (repl.istable()) {
        v = repl.get(m.capture(0, si, end));
      } else {
        v = repl.invoke(m.captures(si, end, true)).arg1();
      }
      if (!v.toboolean()) {
        out.add(m.src.substring(si, end));
      } else if (v.isstring()) {
        out.add(v.strvalue());
      } else {
        throw new LuaError("invalid replacement value (a " + v.typename() + ")");
      }
    }
  }
}
