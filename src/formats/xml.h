/* Private to src/formats: libxml2 set up for untrusted wire copy, and small
 * namespace-agnostic helpers the XML parsers share (NITF, NewsML, RSS, Atom).
 *
 * Every document is read with entity substitution, DTD loading and network
 * access off, with libxml2's own depth and size limits in force; an entity
 * declaration in the input is treated as an attack and refused. */
#ifndef OW_FORMATS_XML_H
#define OW_FORMATS_XML_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "formats/formats_int.h"

/* Reads buf as XML. The declared encoding is honoured; a missing one means
 * UTF-8 (a BOM is honoured). On failure err names the line and column.
 * Returns owned (xmlFreeDoc). */
int xml_read(const char *buf, size_t len, const char *what, xmlDocPtr *out,
	     struct ow_err *err);
/* The local name of the first element, sniffed without parsing (for probes):
 * skips a BOM, the XML declaration, comments, PIs and a DOCTYPE. Empty when
 * there is none. Also reports the namespace URI declared on it, if any. */
void xml_sniff_root(const char *buf, size_t len, char *name, size_t n, char *ns,
		    size_t nn);

/* Element tests and walks by local name, ignoring namespaces and case. */
bool xml_is(const xmlNode *n, const char *local);
xmlNode *xml_child(const xmlNode *parent, const char *local);
xmlNode *xml_next(xmlNode *after, const char *local); /* next sibling */
/* First descendant (depth-first) with this local name, or NULL. */
xmlNode *xml_find(xmlNode *root, const char *local);
/* An attribute's value by local name, squashed into r's arena; NULL if
 * absent or empty. */
const char *xml_attr(struct parse_result *r, const xmlNode *n,
		     const char *local);
/* The text content of n (all descendant text), squashed into r's arena;
 * NULL if empty. */
const char *xml_text(struct parse_result *r, const xmlNode *n);
/* Serialises n's children (markup included) into r's arena: for handing an
 * inline XHTML body to html_to_body. */
const char *xml_inner_markup(struct parse_result *r, xmlNode *n, size_t *len);
/* NITF read from a node of an enclosing document (NewsML 1.2 and NewsML-G2
 * carry NITF inline): fills v's headline, byline, dateline and body from an
 * <nitf>, <body> or <body.content> element. Implemented in nitf.c. */
int nitf_read_inline(struct parse_result *r, struct version *v, xmlNode *node,
		     struct ow_err *err);

/* 1-based line of a node, for error messages. */
int xml_line(const xmlNode *n);

#endif
