/* Plain text to paragraphs, and the end markers agencies close copy with. */
#include "text/text.h"

#include "common/ow_error.h"
#include "common/str.h"

#include <string.h>

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "AP-NY-01-10-15 1532GMT": desk codes, a date, a time and zone. */
static bool is_ap_trailer(const char *s, size_t len)
{
	size_t i = 0, groups = 0;
	while (i < len && groups < 2) {
		size_t st = i;
		while (i < len && is_upper(s[i]))
			i++;
		if (i - st < 2 || i - st > 4 || i >= len || s[i] != '-')
			return false;
		i++;
		groups++;
	}
	int dd = 0;
	while (i < len && (is_digit(s[i]) || s[i] == '-')) {
		dd += is_digit(s[i]);
		i++;
	}
	if (dd != 6 || i >= len || s[i] != ' ')
		return false;
	i++;
	size_t st = i;
	while (i < len && is_digit(s[i]))
		i++;
	if (i - st != 4)
		return false;
	st = i;
	while (i < len && is_upper(s[i]))
		i++;
	return i == len && i - st >= 2 && i - st <= 4;
}

bool text_is_end_marker(const char *line, size_t len)
{
	str_trim(&line, &len);
	if (!len)
		return false;
	static const char *const ci[] = {
		"endit",    "enditem", "(end)",  "-0-",    "- 0 -", "(ends)",
		"end item", "-end-",   "(more)", "-more-", NULL};
	for (const char *const *m = ci; *m; m++)
		if (len == strlen(*m) && str_starts_with_ci(line, len, *m))
			return true;
	/* bare words only in capitals: "the war ENDS" is text, "ENDS" is not */
	static const char *const caps[] = {"ENDS", "END", "MORE",
					   "###",  "XXX", NULL};
	for (const char *const *m = caps; *m; m++)
		if (len == strlen(*m) && !memcmp(line, *m, len))
			return true;
	return is_ap_trailer(line, len);
}

bool text_strip_trailing_marker(const char *s, size_t *len)
{
	static const struct {
		const char *m;
		bool ci;
	} tails[] = {{"enditem", true}, {"endit", true}, {"ENDS", false},
		     {"(END)", true},   {"-0-", false},  {"(MORE)", true}};
	size_t n = *len;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
		size_t ml = strlen(tails[i].m);
		if (n <= ml || s[n - ml - 1] != ' ')
			continue;
		bool match = tails[i].ci ? str_starts_with_ci(s + n - ml, ml,
							      tails[i].m)
					 : !memcmp(s + n - ml, tails[i].m, ml);
		if (!match)
			continue;
		n -= ml;
		while (n && s[n - 1] == ' ')
			n--;
		*len = n;
		return true;
	}
	return false;
}

char *text_squash(struct arena *a, const char *s, size_t len)
{
	str_trim(&s, &len);
	char *out = arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	bool gap = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			gap = true;
			continue;
		}
		if (gap && o)
			out[o++] = ' ';
		gap = false;
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

static int flush(struct arena *a, struct version *v, const char *start,
		 const char *end)
{
	if (!start)
		return 0;
	char *p = text_squash(a, start, (size_t)(end - start));
	if (!p)
		return OW_ENOMEM;
	size_t n = strlen(p);
	text_strip_trailing_marker(p, &n);
	p[n] = '\0';
	if (!n || text_is_end_marker(p, n))
		return 0;
	return version_add_para(a, v, PARA_TEXT, p, n);
}

int text_add_paras(struct arena *a, struct version *v, const char *s,
		   size_t len, bool indent_breaks)
{
	const char *para = NULL, *para_end = NULL;
	size_t i = 0;
	while (i < len) {
		size_t st = i;
		while (i < len && s[i] != '\n' && s[i] != '\r')
			i++;
		const char *line = s + st;
		size_t ll = i - st;
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == '\n')
			i++;
		bool blank = str_is_blank(line, ll);
		bool indented =
			ll && (line[0] == '\t' ||
			       (ll > 1 && line[0] == ' ' && line[1] == ' '));
		if (blank || text_is_end_marker(line, ll) ||
		    (indent_breaks && indented)) {
			int rc = flush(a, v, para, para_end);
			if (rc)
				return rc;
			para = NULL;
			if (blank || text_is_end_marker(line, ll))
				continue;
		}
		if (!para)
			para = line;
		para_end = line + ll;
	}
	return flush(a, v, para, para_end);
}
