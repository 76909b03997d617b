/* offwire check: parse only, print what was found. */
#include "cli/cli.h"

#include "common/fileio.h"
#include "formats/formats.h"
#include "text/text.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *time_json(int64_t t)
{
	if (!t)
		return json_null();
	char b[40];
	time_format_rfc3339(t, b, sizeof b);
	return json_string(b);
}

static json_t *str_json(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static json_t *item_json(const char *file, enum format f,
			 const struct version *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", str_json(file));
	json_object_set_new(o, "format", json_string(format_name(f)));
	json_object_set_new(o, "source", str_json(v->source));
	json_object_set_new(o, "item_id", str_json(v->item_id));
	json_object_set_new(o, "headline", str_json(v->headline));
	json_object_set_new(o, "slug", str_json(v->slug));
	json_object_set_new(o, "priority",
			    v->priority
				    ? json_string(priority_name(v->priority))
				    : json_null());
	json_object_set_new(o, "urgency",
			    v->urgency ? json_integer(v->urgency)
				       : json_null());
	json_object_set_new(o, "byline", str_json(v->byline));
	json_t *dl = json_object();
	json_object_set_new(dl, "place", str_json(v->dateline.place));
	json_object_set_new(dl, "date", str_json(v->dateline.date));
	json_object_set_new(dl, "source", str_json(v->dateline.source));
	json_object_set_new(o, "dateline", dl);
	json_object_set_new(o, "version",
			    v->item_version >= 0 ? json_integer(v->item_version)
						 : json_null());
	json_object_set_new(o, "mark", str_json(v->mark));
	json_object_set_new(o, "signal", json_string(signal_name(v->signal)));
	json_object_set_new(o, "pubstatus",
			    json_string(pubstatus_name(v->pubstatus)));
	json_object_set_new(o, "embargo",
			    v->embargo_held
				    ? json_string("held (no usable time)")
				    : time_json(v->embargo));
	json_object_set_new(o, "firstcreated", time_json(v->firstcreated));
	json_object_set_new(o, "versioncreated", time_json(v->versioncreated));
	json_object_set_new(o, "language", str_json(v->language));
	json_object_set_new(o, "ednote", str_json(v->ednote));
	json_object_set_new(o, "pickup_para",
			    v->pickup_para ? json_integer(v->pickup_para)
					   : json_null());
	json_object_set_new(o, "word_count", json_integer(v->word_count));
	size_t total = 0;
	for (size_t i = 0; i < v->n_paras; i++)
		total += strlen(v->paras[i].text) + 2;
	char *body = malloc(total + 1);
	if (body) {
		size_t off = 0;
		for (size_t i = 0; i < v->n_paras; i++) {
			size_t l = strlen(v->paras[i].text);
			memcpy(body + off, v->paras[i].text, l);
			off += l;
			if (i + 1 < v->n_paras) {
				memcpy(body + off, "\n\n", 2);
				off += 2;
			}
		}
		body[off] = '\0';
		json_object_set_new(o, "body_text", str_json(body));
		free(body);
	}
	json_t *subj = json_array();
	for (size_t i = 0; i < v->n_subjects; i++)
		json_array_append_new(subj,
				      str_json(v->subjects[i].name
						       ? v->subjects[i].name
						       : v->subjects[i].code));
	json_object_set_new(o, "subjects", subj);
	json_t *w = json_array();
	for (size_t i = 0; i < v->n_warnings; i++)
		json_array_append_new(w, str_json(v->warnings[i]));
	json_object_set_new(o, "warnings", w);
	return o;
}

static void print_field(const char *name, const char *value)
{
	if (value && *value)
		printf("  %-15s %s\n", name, value);
}

static void print_item(enum format f, const struct version *v, size_t i)
{
	printf("item %zu (%s)\n", i + 1, format_name(f));
	print_field("headline", v->headline);
	print_field("source", v->source);
	print_field("item id", v->item_id);
	if (v->item_version >= 0)
		printf("  %-15s %lld\n", "version", (long long)v->item_version);
	print_field("signal", signal_name(v->signal));
	print_field("mark", v->mark);
	print_field("priority", priority_name(v->priority));
	if (v->urgency)
		printf("  %-15s %d\n", "urgency", v->urgency);
	print_field("slug", v->slug);
	print_field("byline", v->byline);
	print_field("dateline place", v->dateline.place);
	print_field("dateline date", v->dateline.date);
	print_field("dateline src", v->dateline.source);
	print_field("pubstatus", pubstatus_name(v->pubstatus));
	char b[40];
	if (v->embargo) {
		time_format_rfc3339(v->embargo, b, sizeof b);
		print_field("embargo", b);
	} else if (v->embargo_held) {
		print_field("embargo", "held: no usable time");
	}
	if (v->firstcreated) {
		time_format_rfc3339(v->firstcreated, b, sizeof b);
		print_field("firstcreated", b);
	}
	if (v->versioncreated) {
		time_format_rfc3339(v->versioncreated, b, sizeof b);
		print_field("versioncreated", b);
	}
	print_field("language", v->language);
	print_field("ednote", v->ednote);
	if (v->pickup_para)
		printf("  %-15s %d\n", "picks up at", v->pickup_para);
	for (size_t k = 0; k < v->n_subjects; k++)
		print_field("subject", v->subjects[k].name
					       ? v->subjects[k].name
					       : v->subjects[k].code);
	printf("  %-15s %d words in %zu paragraphs\n", "body", v->word_count,
	       v->n_paras);
	if (v->n_paras)
		printf("  %-15s %.200s%s\n", "first para", v->paras[0].text,
		       strlen(v->paras[0].text) > 200 ? "..." : "");
	for (size_t k = 0; k < v->n_warnings; k++)
		print_field("warning", v->warnings[k]);
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0}};
	enum format forced = FORMAT_UNKNOWN;
	bool as_json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!format_from_name(optarg, &forced)) {
				fprintf(stderr,
					"offwire check: unknown format "
					"'%s'; known: %s\n",
					optarg, formats_list());
				return CLI_USAGE;
			}
			break;
		case 'j': as_json = true; break;
		case 'h': help_print(stdout, "check"); return CLI_OK;
		default: help_print(stderr, "check"); return CLI_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "offwire check: no file given\n");
		return CLI_USAGE;
	}
	int status = CLI_OK;
	for (int i = optind; i < argc; i++) {
		char *bytes;
		size_t len;
		struct ow_err err = {0};
		struct parse_result r;
		const char *file = argv[i];
		if (file_read_all(file, CLI_DEFAULT_MAX_FILE, &bytes, &len,
				  &err) == 0) {
			struct parse_opts po = {0};
			formats_parse(forced, bytes, len, &po, &r, &err);
			free(bytes);
		}
		if (err.code) {
			status = CLI_REJECTED;
			if (as_json) {
				json_t *o = json_pack("{s:s, s:s}", "file",
						      file, "error", err.msg);
				char *s = json_dumps(o, JSON_COMPACT);
				if (s)
					puts(s);
				free(s);
				json_decref(o);
			} else {
				printf("%s: rejected: %s\n", file, err.msg);
			}
			continue;
		}
		if (!as_json)
			printf("%s: %s, %zu item%s%s\n", file,
			       format_name(r.format), r.versions.n,
			       r.versions.n == 1 ? "" : "s",
			       r.n_skipped ? " (and skipped items)" : "");
		for (size_t k = 0; !as_json && k < r.n_warnings; k++)
			printf("  warning: %s\n", r.warnings[k]);
		for (size_t k = 0; k < r.versions.n; k++) {
			if (as_json) {
				json_t *o = item_json(file, r.format,
						      r.versions.v[k]);
				char *s = json_dumps(o, JSON_COMPACT);
				if (s)
					puts(s);
				free(s);
				json_decref(o);
			} else {
				print_item(r.format, r.versions.v[k], k);
			}
		}
		for (size_t k = 0; k < r.n_skipped; k++) {
			if (as_json) {
				json_t *o = json_pack(
					"{s:s, s:s, s:s}", "file", file,
					"format", format_name(r.format),
					"skipped", r.skipped[k].reason);
				char *s = json_dumps(o, JSON_COMPACT);
				if (s)
					puts(s);
				free(s);
				json_decref(o);
			} else {
				printf("  skipped: %s\n", r.skipped[k].reason);
			}
		}
		parse_result_free(&r);
	}
	return status;
}
