/* socialcap record contact|event ... --journal FILE.scap */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int usage(FILE *f)
{
	fprintf(f,
		"usage: socialcap record contact --journal FILE.scap --a ID --b ID [--at DATE|now]\n"
		"                        [--channel physical|digital] [--weight X] [--cost X]\n"
		"       socialcap record event --journal FILE.scap --id ID [--at DATE|now]\n"
		"                        --neighbourhood CODE --kind LABEL [--channel C] [--cost X]\n"
		"                        --organiser ID [--organiser ID ...] [--participant ID ...]\n\n"
		"Append one investment to the journal of the state file FILE.scap (created by\n"
		"`socialcap import`) and make it durable. Actors are named by their ids.\n"
		"--at defaults to now. Several ids may also be given comma-separated.\n");
	return CLI_OK;
}

static int parse_at(const char *text, int64_t *out)
{
	if (strcmp(text, "now") == 0) {
		*out = (int64_t)time(NULL);
		return 0;
	}
	return cli_parse_time("record", "--at", text, out);
}

static int parse_channel(const char *text, int32_t *out)
{
	if (strcmp(text, "physical") == 0)
		*out = SOCIALCAP_PHYSICAL;
	else if (strcmp(text, "digital") == 0)
		*out = SOCIALCAP_DIGITAL;
	else
		return cli_usage_error("record", "--channel: '%s' is not physical or digital", text);
	return 0;
}

static int find_actor(const socialcap_network *net, const char *id, uint32_t *out)
{
	if (socialcap_network_find_actor(net, out, id) != 0)
		return cli_data_error("record", "no actor with id '%s'", id);
	return 0;
}

/* Attendees from repeated or comma-separated --organiser/--participant. */
typedef struct attendees {
	socialcap_attendance *rows;
	size_t n, cap;
} attendees;

static int add_ids(const socialcap_network *net, attendees *a, const char *list, int32_t role)
{
	char id[1024];
	const char *p = list;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len == 0 || len >= sizeof(id))
			return cli_usage_error("record", "bad actor id in '%s'", list);
		memcpy(id, p, len);
		id[len] = '\0';
		if (a->n == a->cap) {
			size_t cap = a->cap ? 2 * a->cap : 16;
			socialcap_attendance *rows = realloc(a->rows, cap * sizeof(*rows));
			if (rows == NULL)
				return cli_data_error("record", "out of memory");
			a->rows = rows;
			a->cap = cap;
		}
		if (find_actor(net, id, &a->rows[a->n].actor) != 0)
			return CLI_DATA_ERROR;
		a->rows[a->n++].role = role;
		p += len + (end != NULL);
	}
	return 0;
}

typedef struct record_args {
	const char *journal, *a, *b, *id, *nbh, *kind;
	socialcap_contact contact;
	socialcap_event event;
	attendees att;
} record_args;

static int parse(int argc, char **argv, record_args *r, const socialcap_network *net,
		 int pass)
{
	const char *v;
	int i, rc;

	for (i = 2; i < argc; i++) {
		const int at = i; /* the option's own index, before a value is consumed */
#define OPT(name) ((rc = cli_arg_value("record", argc, argv, &i, name, &v)) != 0)
		if (OPT("--journal") || OPT("--a") || OPT("--b") || OPT("--id") ||
		    OPT("--neighbourhood") || OPT("--kind") || OPT("--at") || OPT("--channel") ||
		    OPT("--weight") || OPT("--cost") || OPT("--organiser") || OPT("--participant")) {
			const char *name = argv[at];
#undef OPT
			if (rc < 0)
				return CLI_USAGE;
			rc = 0;
			if (pass == 1) {
				if (strncmp(name, "--organiser", 11) == 0 &&
				    (rc = add_ids(net, &r->att, v, SOCIALCAP_ORGANISER)) != 0)
					return rc;
				if (strncmp(name, "--participant", 13) == 0 &&
				    (rc = add_ids(net, &r->att, v, SOCIALCAP_PARTICIPANT)) != 0)
					return rc;
				continue;
			}
			if (strncmp(name, "--journal", 9) == 0) r->journal = v;
			else if (strncmp(name, "--a", 3) == 0 && (name[3] == '\0' || name[3] == '=')) r->a = v;
			else if (strncmp(name, "--b", 3) == 0 && (name[3] == '\0' || name[3] == '=')) r->b = v;
			else if (strncmp(name, "--id", 4) == 0) r->id = v;
			else if (strncmp(name, "--neighbourhood", 15) == 0) r->nbh = v;
			else if (strncmp(name, "--kind", 6) == 0) r->kind = v;
			else if (strncmp(name, "--at", 4) == 0) rc = parse_at(v, &r->contact.time);
			else if (strncmp(name, "--channel", 9) == 0) rc = parse_channel(v, &r->contact.channel);
			else if (strncmp(name, "--weight", 8) == 0) rc = cli_parse_double("record", "--weight", v, &r->contact.weight);
			else if (strncmp(name, "--cost", 6) == 0) rc = cli_parse_double("record", "--cost", v, &r->contact.cost);
			if (rc != 0)
				return CLI_USAGE;
		} else if (pass == 0) {
			return cli_usage_error("record", "unexpected argument '%s'", argv[i]);
		}
	}
	return 0;
}

static int record(socialcap_journal *j, int is_event, record_args *r)
{
	const socialcap_network *net = socialcap_journal_network(j);
	uint32_t a, b, ev;
	uint64_t c;
	int rc;

	if (!is_event) {
		if (find_actor(net, r->a, &a) != 0 || find_actor(net, r->b, &b) != 0)
			return CLI_DATA_ERROR;
		r->contact.a = a;
		r->contact.b = b;
		rc = socialcap_journal_record_contact(j, &c, &r->contact);
		if (rc == 0)
			printf("recorded contact %llu\n", (unsigned long long)c);
	} else {
		r->event.id = r->id;
		r->event.time = r->contact.time;
		r->event.neighbourhood = r->nbh;
		r->event.kind = r->kind;
		r->event.channel = r->contact.channel;
		r->event.cost = r->contact.cost;
		rc = socialcap_journal_record_event(j, &ev, &r->event, r->att.rows, r->att.n);
		if (rc == 0)
			printf("recorded event %s with %zu attendees\n", r->id, r->att.n);
	}
	if (rc == 0)
		rc = socialcap_journal_sync(j);
	if (rc != 0)
		return cli_data_error("record", "%s", socialcap_journal_errmsg(j));
	return CLI_OK;
}

int cli_record(int argc, char **argv)
{
	record_args r;
	socialcap_journal *j = NULL;
	socialcap_error err;
	int is_event, rc;

	if (argc >= 2 && cli_is_help(argv[1]))
		return usage(stdout);
	if (argc < 2 || (strcmp(argv[1], "contact") != 0 && strcmp(argv[1], "event") != 0))
		return cli_usage_error("record", "say what to record: contact or event");
	is_event = strcmp(argv[1], "event") == 0;
	memset(&r, 0, sizeof(r));
	r.contact.time = (int64_t)time(NULL);
	r.contact.channel = SOCIALCAP_PHYSICAL;
	r.contact.weight = 1.0;
	for (int i = 2; i < argc; i++)
		if (cli_is_help(argv[i]))
			return usage(stdout);
	if ((rc = parse(argc, argv, &r, NULL, 0)) != 0)
		return rc;
	if (r.journal == NULL)
		return cli_usage_error("record", "needs --journal FILE.scap");
	if (!is_event && (r.a == NULL || r.b == NULL))
		return cli_usage_error("record", "a contact needs --a ID and --b ID");
	if (is_event && (r.id == NULL || r.nbh == NULL || r.kind == NULL))
		return cli_usage_error("record", "an event needs --id, --neighbourhood and --kind");
	socialcap_error_clear(&err);
	rc = socialcap_journal_open(&j, r.journal, NULL, NULL, &err);
	if (rc != 0) {
		if (err.file[0] == '\0')
			snprintf(err.file, sizeof(err.file), "%s", r.journal);
		return cli_report_error("record", &err);
	}
	rc = parse(argc, argv, &r, socialcap_journal_network(j), 1);
	if (rc == 0 && is_event && r.att.n == 0)
		rc = cli_usage_error("record", "an event needs at least one --organiser or --participant");
	if (rc == 0)
		rc = record(j, is_event, &r);
	free(r.att.rows);
	socialcap_journal_free(j);
	return rc;
}
