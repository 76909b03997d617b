/* Private to the e-mail parser: what email.c (the message, through GMime)
 * hands the body readers in email_body.c (plain text) and email_form.c (a
 * JSON body: AAP's Google-form copy, or a ninjs item sent by mail). */
#ifndef OW_FORMATS_EMAIL_INT_H
#define OW_FORMATS_EMAIL_INT_H

#include "formats/formats_int.h"

/* The longest body text read from one message; the rest is cut, with a
 * warning (a story is a few kilobytes; this is a bound, not a size). */
#define EMAIL_MAX_TEXT (16u << 20)

/* What the message's headers said, for the body readers' fallbacks. */
struct email_head {
	const char *message_id; /* in r's arena, or NULL */
	const char *source;     /* the sender, when opts name none */
	int64_t date;           /* unix seconds; 0 unknown */
};

/* How a text/plain part is laid out (RFC 3676 format=flowed). */
struct email_text {
	const char *s; /* UTF-8, NUL-free, in r's arena */
	size_t len;
	bool flowed; /* format=flowed: a line ending in a space goes on */
	bool delsp;  /* delsp=yes: that space is not part of the text */
};

/* Plain text body: unwraps flowed lines, drops the signature and the
 * disclaimer after it, reads a byline and dateline opening the copy and
 * appends the paragraphs to v. */
int email_read_text(struct parse_result *r, struct version *v,
		    const struct email_text *t, struct ow_err *err);

/* Appends one paragraph per non-blank line of s (end markers dropped). */
int email_add_line_paras(struct parse_result *r, struct version *v,
			 const char *s, size_t len, struct ow_err *err);

enum email_json {
	EMAIL_JSON_NONE = 0, /* not JSON we read: treat the body as text */
	EMAIL_JSON_FORM,     /* read into v (AAP's form fields) */
	EMAIL_JSON_NINJS,    /* read as ninjs: versions pushed, v unused */
};

/* A body that is a JSON object: AAP's Google-form copy (every value an
 * array of strings) is read into v; a ninjs item is handed to the ninjs
 * parser, whose versions take the mail's id, date and sender where the
 * item has none. *how says which; EMAIL_JSON_NONE leaves v untouched. */
int email_read_json(struct parse_result *r, const struct parse_opts *o,
		    struct version *v, const struct email_head *h,
		    const char *s, size_t len, enum email_json *how,
		    struct ow_err *err);

#endif
