/* Unit tests for src/formats/magic.c: when no format claims the input,
 * detection names the common binary files a wire inbox sees. */
#include "formats/formats.h"

#include "test.h"

static struct ow_err err;

static void expect(const char *buf, size_t len, const char *what)
{
	enum format f = FORMAT_UNKNOWN;
	memset(&err, 0, sizeof err);
	CHECK_INT(formats_detect(buf, len, &f, &err), OW_EPARSE);
	if (!strstr(err.msg, what) || !strstr(err.msg, "not wire copy") ||
	    !strstr(err.msg, "tried ")) {
		fprintf(stderr, "  \"%s\" does not name %s\n", err.msg, what);
		test_failures++;
	}
}

static void test_signatures(void)
{
	/* a few binary bytes after each signature, as real files have */
	static const char jpeg[] = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01";
	static const char png[] = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR";
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00";
	static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n\x01\x02\x03"
				  "\x04\x05\x06\x07\x08\x0B\x0C\x0E\x0F";
	static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00";
	static const char gz[] = "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03";
	static const char tiff[] = "II*\x00\x08\x00\x00\x00\x01\x00";
	static const char webp[] = "RIFF\x10\x00\x00\x00WEBPVP8 \x00\x00";
	expect(jpeg, sizeof jpeg - 1, "a JPEG image");
	expect(png, sizeof png - 1, "a PNG image");
	expect(gif, sizeof gif - 1, "a GIF image");
	expect(pdf, sizeof pdf - 1, "a PDF document");
	expect(zip, sizeof zip - 1, "a ZIP archive");
	expect(gz, sizeof gz - 1, "a gzip archive");
	expect(tiff, sizeof tiff - 1, "a TIFF image");
	expect(webp, sizeof webp - 1, "a WebP image");
}

static void test_unknown(void)
{
	/* binary without a known signature: the old message */
	static const char junk[] = "\x01\x02\x03\x04\x05\x06\x07\x08";
	enum format f;
	CHECK_INT(formats_detect(junk, sizeof junk - 1, &f, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "unrecognised format") != NULL);
	/* "RIFF" alone is no WebP; short input is not read past its end */
	static const char riff[] = "RIFF\x10\x00\x00\x00WAVE\x01\x02\x03";
	CHECK_INT(formats_detect(riff, sizeof riff - 1, &f, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "WebP") == NULL);
	CHECK_INT(formats_detect("\xFF\xD8\x00\x01\x02\x03", 6, &f, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "JPEG") == NULL);
	CHECK_INT(formats_detect("", 0, &f, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "empty input") != NULL);
	/* a parse without a format goes through the same detection */
	struct parse_result r;
	struct parse_opts o = {0};
	static const char png[] = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR";
	CHECK_INT(formats_parse(FORMAT_UNKNOWN, png, sizeof png - 1, &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "a PNG image, not wire copy") != NULL);
}

int main(void)
{
	RUN(test_signatures);
	RUN(test_unknown);
	return TEST_REPORT();
}
