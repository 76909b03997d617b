/* Priorities: names, ANPA letters and IPTC urgency numbers. */
#include "model/model.h"

#include "common/str.h"

static const struct {
	const char *name;
	char letter;
	int urgency;
} table[] = {
	[PRIORITY_NONE] = {"", ' ', 0},
	[PRIORITY_FLASH] = {"flash", 'f', 1},
	[PRIORITY_BULLETIN] = {"bulletin", 'b', 2},
	[PRIORITY_URGENT] = {"urgent", 'u', 3},
	[PRIORITY_ROUTINE] = {"routine", 'r', 5},
	[PRIORITY_DEFERRED] = {"deferred", 'd', 6},
};

const char *priority_name(enum priority p)
{
	return (unsigned)p <= PRIORITY_DEFERRED ? table[p].name : "";
}

char priority_letter(enum priority p)
{
	return (unsigned)p <= PRIORITY_DEFERRED ? table[p].letter : ' ';
}

int priority_to_urgency(enum priority p)
{
	return (unsigned)p <= PRIORITY_DEFERRED ? table[p].urgency : 0;
}

/* IPTC urgency: 1-3 are the breaking grades, 4-5 normal, 6-9 can wait. */
enum priority priority_from_urgency(int u)
{
	if (u == 1)
		return PRIORITY_FLASH;
	if (u == 2)
		return PRIORITY_BULLETIN;
	if (u == 3)
		return PRIORITY_URGENT;
	if (u == 4 || u == 5)
		return PRIORITY_ROUTINE;
	if (u >= 6 && u <= 9)
		return PRIORITY_DEFERRED;
	return PRIORITY_NONE;
}

enum priority priority_from_letter(char c)
{
	switch (str_lower(c)) {
	case 'f': return PRIORITY_FLASH;
	case 'b': return PRIORITY_BULLETIN;
	case 'u': return PRIORITY_URGENT;
	case 'r': return PRIORITY_ROUTINE;
	case 'd': return PRIORITY_DEFERRED;
	}
	return PRIORITY_NONE;
}

enum priority priority_from_name(const char *s)
{
	if (!s)
		return PRIORITY_NONE;
	for (unsigned i = 1; i <= PRIORITY_DEFERRED; i++)
		if (str_eq_ci(s, table[i].name))
			return (enum priority)i;
	if (s[0] && !s[1])
		return priority_from_letter(s[0]);
	return PRIORITY_NONE;
}
