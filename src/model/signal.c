/* Names of signals, publication statuses and story states. */
#include "model/model.h"

#include "common/str.h"

#include <string.h>

static const char *const signal_names[] = {
	[SIGNAL_NEW] = "new",
	[SIGNAL_WRITETHRU] = "writethru",
	[SIGNAL_LEAD] = "lead",
	[SIGNAL_RECAST] = "recast",
	[SIGNAL_UPDATE] = "update",
	[SIGNAL_SUB] = "sub",
	[SIGNAL_ADD] = "add",
	[SIGNAL_INSERT] = "insert",
	[SIGNAL_CORRECTION] = "correction",
	[SIGNAL_KILL] = "kill",
	[SIGNAL_ADVISORY] = "advisory",
};

const char *signal_name(enum signal s)
{
	return (unsigned)s <= SIGNAL_ADVISORY ? signal_names[s] : "new";
}

bool signal_from_name(const char *s, enum signal *out)
{
	for (unsigned i = 0; s && i <= SIGNAL_ADVISORY; i++)
		if (str_eq_ci(s, signal_names[i])) {
			*out = (enum signal)i;
			return true;
		}
	return false;
}

bool signal_replaces(enum signal s)
{
	switch (s) {
	case SIGNAL_NEW:
	case SIGNAL_WRITETHRU:
	case SIGNAL_LEAD:
	case SIGNAL_RECAST:
	case SIGNAL_UPDATE:
	case SIGNAL_SUB:
	case SIGNAL_CORRECTION: return true;
	default: return false;
	}
}

static const char *const pubstatus_names[] = {
	[PUBSTATUS_USABLE] = "usable",
	[PUBSTATUS_WITHHELD] = "withheld",
	[PUBSTATUS_CANCELED] = "canceled",
};

const char *pubstatus_name(enum pubstatus p)
{
	return (unsigned)p <= PUBSTATUS_CANCELED ? pubstatus_names[p]
						 : "usable";
}

bool pubstatus_from_name(const char *s, enum pubstatus *out)
{
	if (!s)
		return false;
	/* NewsML-G2 writes "stat:usable"; take the part after a colon */
	const char *c = strrchr(s, ':');
	if (c)
		s = c + 1;
	for (unsigned i = 0; i <= PUBSTATUS_CANCELED; i++)
		if (str_eq_ci(s, pubstatus_names[i])) {
			*out = (enum pubstatus)i;
			return true;
		}
	if (str_eq_ci(s, "cancelled")) {
		*out = PUBSTATUS_CANCELED;
		return true;
	}
	return false;
}

static const char *const state_names[] = {
	[STORY_LIVE] = "live",         [STORY_EMBARGOED] = "embargoed",
	[STORY_HELD] = "held",         [STORY_KILLED] = "killed",
	[STORY_ADVISORY] = "advisory",
};

const char *story_state_name(enum story_state s)
{
	return (unsigned)s <= STORY_ADVISORY ? state_names[s] : "live";
}

bool story_state_from_name(const char *s, enum story_state *out)
{
	for (unsigned i = 0; s && i <= STORY_ADVISORY; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum story_state)i;
			return true;
		}
	return false;
}
