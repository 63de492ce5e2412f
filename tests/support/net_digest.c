#include "net_digest.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)n + 64;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			abort();
	}
}

/* Doubles by value, with every NaN written the same way. */
static void put_num(buf *b, const char *name, double x)
{
	if (isnan(x))
		put(b, " %s=nan", name);
	else
		put(b, " %s=%a", name, x);
}

static void put_text(buf *b, const char *name, const char *s)
{
	put(b, " %s=%s%s%s", name, s ? "\"" : "", s ? s : "NULL", s ? "\"" : "");
}

static void actors(buf *b, const socialcap_network *net)
{
	uint32_t n = socialcap_network_actor_count(net), i, k, found;

	put(b, "actors %u\n", n);
	for (i = 0; i <= n; i++) { /* i == n: the getters' out-of-range answers */
		uint32_t g = socialcap_network_actor_group_count(net, i);

		put(b, "actor %u", i);
		put_text(b, "id", socialcap_network_actor_id(net, i));
		put(b, " kind=%d sector=%u nbh=%u inst=%d",
		    socialcap_network_actor_kind(net, i),
		    socialcap_network_actor_sector(net, i),
		    socialcap_network_actor_neighbourhood(net, i),
		    socialcap_network_actor_is_institution(net, i));
		put_num(b, "status", socialcap_network_actor_status(net, i));
		put(b, " groups=%u:", g);
		for (k = 0; k <= g; k++)
			put(b, " %u", socialcap_network_actor_group(net, i, k));
		if (i < n) {
			int rc;

			found = UINT32_MAX;
			rc = socialcap_network_find_actor(net, &found,
							  socialcap_network_actor_id(net, i));
			put(b, " find=%d/%u", rc, found);
		}
		put(b, "\n");
	}
}

typedef const char *(*label_fn)(const socialcap_network *, uint32_t);
typedef int (*find_fn)(const socialcap_network *, uint32_t *, const char *);

static void labels(buf *b, const socialcap_network *net, const char *what,
		   uint32_t n, label_fn label, find_fn find)
{
	uint32_t i, found;

	put(b, "%s %u:", what, n);
	for (i = 0; i <= n; i++) {
		put_text(b, "", label(net, i));
		if (i < n && find != NULL) {
			int rc;

			found = UINT32_MAX;
			rc = find(net, &found, label(net, i));
			put(b, "/%d/%u", rc, found);
		}
	}
	put(b, "\n");
}

static void model(buf *b, const socialcap_network *net)
{
	uint32_t n = socialcap_network_sector_count(net), i;
	uint64_t t, nt = socialcap_network_tie_count(net), found;
	socialcap_tie tie;
	int rc;

	labels(b, net, "sectors", n, socialcap_network_sector_label,
	       socialcap_network_find_sector);
	for (i = 0; i <= n; i++) {
		put(b, "sector %u tier=%d", i, socialcap_network_sector_tier(net, i));
		put_num(b, "prestige", socialcap_network_sector_prestige(net, i));
		put(b, "\n");
	}
	n = socialcap_network_neighbourhood_count(net);
	labels(b, net, "nbhs", n, socialcap_network_neighbourhood_label,
	       socialcap_network_find_neighbourhood);
	for (i = 0; i <= n; i++)
		put(b, "nbh %u actors=%u residents=%u\n", i,
		    socialcap_network_neighbourhood_actor_count(net, i),
		    socialcap_network_neighbourhood_resident_count(net, i));
	labels(b, net, "groups", socialcap_network_group_count(net),
	       socialcap_network_group_label, NULL);
	labels(b, net, "layers", socialcap_network_layer_count(net),
	       socialcap_network_layer_label, socialcap_network_find_layer);
	put(b, "ties %llu\n", (unsigned long long)nt);
	for (t = 0; t <= nt; t++) {
		memset(&tie, 0, sizeof(tie));
		put(b, "tie %llu rc=%d", (unsigned long long)t,
		    socialcap_network_tie(net, t, &tie));
		if (t == nt) {
			put(b, "\n");
			break;
		}
		found = UINT64_MAX;
		rc = socialcap_network_find_tie(net, &found, tie.b, tie.a, tie.layer);
		put(b, " %u-%u layer=%u since=%lld find=%d/%llu", tie.a, tie.b,
		    tie.layer, (long long)tie.since, rc, (unsigned long long)found);
		put_num(b, "w", tie.weight);
		put(b, "\n");
	}
}

static void ledger(buf *b, const socialcap_network *net)
{
	uint64_t c, nc = socialcap_network_contact_count(net);
	uint32_t e, ne = socialcap_network_event_count(net), k, found;
	socialcap_contact con;
	socialcap_event_info ev;
	socialcap_attendance att;
	int rc;

	put(b, "contacts %llu\n", (unsigned long long)nc);
	for (c = 0; c <= nc; c++) {
		memset(&con, 0, sizeof(con));
		put(b, "contact %llu rc=%d", (unsigned long long)c,
		    socialcap_network_contact(net, c, &con));
		if (c < nc) {
			put(b, " t=%lld %u-%u ch=%d", (long long)con.time, con.a,
			    con.b, con.channel);
			put_num(b, "w", con.weight);
			put_num(b, "cost", con.cost);
		}
		put(b, "\n");
	}
	put(b, "events %u attendance %llu\n", ne,
	    (unsigned long long)socialcap_network_attendance_count(net));
	for (e = 0; e <= ne; e++) {
		memset(&ev, 0, sizeof(ev));
		put(b, "event %u rc=%d", e, socialcap_network_event(net, e, &ev));
		if (e == ne) {
			put(b, "\n");
			break;
		}
		found = UINT32_MAX;
		rc = socialcap_network_find_event(net, &found, ev.id);
		put_text(b, "id", ev.id);
		put(b, " find=%d/%u t=%lld nbh=%u kind=%u ch=%d n=%u", rc, found,
		    (long long)ev.time, ev.neighbourhood, ev.kind, ev.channel,
		    ev.attendee_count);
		put_num(b, "cost", ev.cost);
		for (k = 0; k <= ev.attendee_count; k++) {
			memset(&att, 0, sizeof(att));
			put(b, " [%d %u %d]",
			    socialcap_network_event_attendee(net, e, k, &att),
			    att.actor, att.role);
		}
		put(b, "\n");
	}
	labels(b, net, "event kinds", socialcap_network_event_kind_count(net),
	       socialcap_network_event_kind_label, NULL);
}

char *net_digest(const socialcap_network *net)
{
	buf b = {NULL, 0, 4096};

	b.s = malloc(b.cap);
	if (b.s == NULL)
		abort();
	b.s[0] = '\0';
	actors(&b, net);
	model(&b, net);
	ledger(&b, net);
	return b.s;
}
