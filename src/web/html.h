/* html.h — the one way to write web output: a printf whose conversions escape
 * by context (HTML text and attributes, URL components, JSON strings), so a
 * handler cannot print user data raw by accident; plus URL decoding. */
#ifndef KAOPING_HTML_H
#define KAOPING_HTML_H
#include <stdarg.h>
#include <stddef.h>

#include "core/util.h"

/* Appends to B the formatted output of FMT. Conversions:
 *   %h  const char*  HTML text: & < > " ' escaped (&amp; &lt; &gt; &quot; &#39;)
 *   %a  const char*  HTML attribute value (same escaping; the template
 *                    supplies the quotes: <input value="%a">)
 *   %u  const char*  URL component: percent-encodes every byte but
 *                    A-Z a-z 0-9 - _ . ~ (so UTF-8 bytes come out as %XX)
 *   %j  const char*  JSON string contents, quotes not added: \" \\ \n \r \t,
 *                    other C0 controls and U+2028/2029 as \uXXXX, "</" as
 *                    "<\/" and "<!--" as "\u003c!--", so the result is also
 *                    safe inside <script>. Not for HTML attributes.
 *   %d %ld %lld %zu  int, long, long long, size_t as printf writes them
 *   %P  int          points in tenths: 35 -> "3.5", 40 -> "4"
 *   %%               a percent sign
 *   %s  const char*  RAW: only for trusted literals and fragments that are
 *                    already escaped (tools/check-html.sh accepts only a
 *                    string literal or a name ending in _html here)
 * A NULL string prints as "". Invalid UTF-8 in %h, %a and %j input becomes
 * U+FFFD, one per invalid byte, so pages always stay valid UTF-8.
 * Any other conversion, flag, width or precision is a programming error:
 * html_printf reports it on stderr and calls abort().
 * There is no format attribute (gcc would refuse %h), so argument types are
 * not checked by the compiler: keep each argument to the type listed. */
void html_printf(struct strbuf *b, const char *fmt, ...);
void html_vprintf(struct strbuf *b, const char *fmt, va_list ap);

/* Appends S (NULL: nothing) to B escaped as HTML text or attribute value,
 * as %h does. */
void html_escape(struct strbuf *b, const char *s);
/* Appends S (NULL: nothing) to B percent-encoded as a URL component, as %u. */
void url_escape(struct strbuf *b, const char *s);
/* Appends S (NULL: nothing) to B as JSON string contents, as %j. */
void json_escape(struct strbuf *b, const char *s);

/* Appends chart CH drawn WIDTH px wide as inline SVG, in a
 * <div class="chart">: the one way pre-rendered markup enters a page
 * besides html_printf's literals and *_html fragments. It is trusted
 * because io/chart.c writes it: fixed markup around text it escapes
 * itself (& < > " ', invalid UTF-8 as U+FFFD), so CH's labels may hold
 * anything. */
struct chart;
void html_chart(struct strbuf *b, const struct chart *ch, int width);

/* Decodes the N bytes at S as a URL-encoded component
 * (application/x-www-form-urlencoded: '+' is a space, %XX a byte, either
 * case of hex digit) into a new NUL-terminated string the caller frees.
 * Returns NULL, with nothing allocated, when a % escape is malformed, the
 * result would contain a NUL byte, or the result is not valid UTF-8. */
char *url_decode(const char *s, size_t n);
#endif
