/* Computing the indicator tables once, and writing them as CSV files. */
#include <string.h>

#include "tables.h"

/* Which family computes each per-actor column, for --only. */
static unsigned int actor_family(const char *name)
{
	static const struct {
		const char *name;
		unsigned int family;
	} map[] = {
		{"clustering", SOCIALCAP_FAMILY_TRIANGLES},
		{"constraint", SOCIALCAP_FAMILY_TRIANGLES},
		{"effective_size", SOCIALCAP_FAMILY_TRIANGLES},
		{"efficiency", SOCIALCAP_FAMILY_TRIANGLES},
		{"hierarchy", SOCIALCAP_FAMILY_TRIANGLES},
		{"betweenness", SOCIALCAP_FAMILY_BETWEENNESS},
		{"hops_to_institution", SOCIALCAP_FAMILY_REACH},
		{"institutions_within_2", SOCIALCAP_FAMILY_REACH},
		{"articulation_point", SOCIALCAP_FAMILY_STRUCTURE},
		{"component", SOCIALCAP_FAMILY_STRUCTURE},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].name, name) == 0)
			return map[i].family;
	return SOCIALCAP_FAMILY_LOCAL;
}

int cli_column_wanted(const cli_options *o, const char *name)
{
	const char *p = o->only;
	size_t n = strlen(name);

	if (p == NULL)
		return 1;
	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len + (end != NULL);
	}
	return 0;
}

static int known_column(const char *name, size_t len)
{
	int c;

	for (c = 0; c < SOCIALCAP_ACTOR_COLUMN_COUNT; c++)
		if (strlen(socialcap_actor_column_name(c)) == len &&
		    strncmp(socialcap_actor_column_name(c), name, len) == 0)
			return 1;
	for (c = 0; c < SOCIALCAP_NETWORK_COLUMN_COUNT; c++)
		if (strlen(socialcap_network_column_name(c)) == len &&
		    strncmp(socialcap_network_column_name(c), name, len) == 0)
			return 1;
	for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++)
		if (strlen(socialcap_area_column_name(c)) == len &&
		    strncmp(socialcap_area_column_name(c), name, len) == 0)
			return 1;
	return 0;
}

/* Check --only and work out which families and tables it needs. */
static int plan_only(const char *cmd, cli_options *o, int *need_actors, int *need_areas)
{
	const char *p = o->only;
	unsigned int families = 0;
	int c;

	*need_actors = *need_areas = 1;
	if (p == NULL)
		return CLI_OK;
	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (!known_column(p, len))
			return cli_usage_error(cmd, "--only: unknown column '%.*s'", (int)len, p);
		p += len + (end != NULL);
	}
	for (c = 0; c < SOCIALCAP_ACTOR_COLUMN_COUNT; c++)
		if (cli_column_wanted(o, socialcap_actor_column_name(c)))
			families |= actor_family(socialcap_actor_column_name(c));
	/* transitivity needs triangles; the other network figures structure */
	for (c = 0; c < SOCIALCAP_NETWORK_COLUMN_COUNT; c++)
		if (cli_column_wanted(o, socialcap_network_column_name(c)))
			families |= c == SOCIALCAP_NETWORK_TRANSITIVITY ? SOCIALCAP_FAMILY_TRIANGLES
									: SOCIALCAP_FAMILY_STRUCTURE;
	*need_actors = families != 0;
	*need_areas = 0;
	for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++)
		if (cli_column_wanted(o, socialcap_area_column_name(c)))
			*need_areas = 1;
	o->indicators.families = families != 0 ? families : SOCIALCAP_FAMILY_LOCAL;
	return CLI_OK;
}

static int library_error(const char *cmd, const socialcap_network *net, int rc,
			 const socialcap_error *err)
{
	if (err != NULL && err->message[0] != '\0')
		return cli_data_error(cmd, "%s", err->message);
	if (net != NULL && socialcap_network_errmsg(net)[0] != '\0')
		return cli_data_error(cmd, "%s", socialcap_network_errmsg(net));
	return cli_data_error(cmd, "%s", socialcap_strerror(rc));
}

/*
 * The snapshot takes the network over during its build
 * (socialcap_snapshot_build_owning(): model and graph are never held
 * together, and the ties, about 27 bytes each, are gone before the
 * indicators run) when nothing after the build needs the ties: not the
 * command (@p ties), not a journal, and not the area tables, whose growth
 * columns build a snapshot at t - window unless the network is timeless
 * (socialcap_network_timeless()). Every table is made afterwards, so each
 * holds the network it reads.
 */
static int take_at_build(const cli_input *in, int ties, int need_areas)
{
	return ties == CLI_TIES_DONE && in->journal == NULL &&
	       (!need_areas || socialcap_network_timeless(in->net));
}

/* Report a failure after the build, then free the tables (and with them a
 * network handed over, where the message may live). */
static int tables_error(const char *cmd, cli_tables *t, int rc, const socialcap_error *err)
{
	rc = library_error(cmd, t->net, rc, err);
	cli_tables_free(t);
	return rc;
}

int cli_tables_compute(const char *cmd, cli_input *in, int ties, cli_options *o,
		       cli_tables *t)
{
	socialcap_areas_options by_sector = o->areas;
	socialcap_error err;
	int need_actors, need_areas, rc;

	memset(t, 0, sizeof(*t));
	if ((rc = plan_only(cmd, o, &need_actors, &need_areas)) != CLI_OK)
		return rc;
	socialcap_error_clear(&err);
	if (take_at_build(in, ties, need_areas)) {
		rc = socialcap_snapshot_build_owning(&t->snap, in->net, &o->snapshot);
		if (rc != 0) /* nothing changed: the input keeps the network */
			return library_error(cmd, in->net, rc, NULL);
		in->net = NULL;
		t->net = socialcap_snapshot_network(t->snap);
	} else {
		rc = socialcap_snapshot_build(&t->snap, in->net, &o->snapshot);
		if (rc != 0)
			return library_error(cmd, in->net, rc, NULL);
		t->net = in->net;
	}
	cli_progress_begin(o, "indicators");
	if (need_actors)
		rc = socialcap_indicators_actors(&t->actors, t->snap, &o->indicators, &err);
	if (rc == 0)
		rc = socialcap_indicators_network(&t->network, t->snap, &o->indicators, &err);
	cli_progress_end(o);
	if (rc != 0)
		return tables_error(cmd, t, rc, &err);
	if (need_areas) {
		o->areas.areas = SOCIALCAP_AREAS_NEIGHBOURHOODS;
		by_sector = o->areas;
		by_sector.areas = SOCIALCAP_AREAS_SECTORS;
		rc = socialcap_areas_compute(&t->neighbourhoods, t->snap, &o->areas);
		if (rc == 0)
			rc = socialcap_areas_compute(&t->sectors, t->snap, &by_sector);
		if (rc != 0)
			return tables_error(cmd, t, rc, NULL);
	}
	return CLI_OK;
}

void cli_tables_free(cli_tables *t)
{
	/* A network handed over goes with the last of these. */
	socialcap_results_free(t->actors);
	socialcap_results_free(t->network);
	socialcap_results_free(t->neighbourhoods);
	socialcap_results_free(t->sectors);
	socialcap_snapshot_free(t->snap);
	memset(t, 0, sizeof(*t));
}

int cli_write_table(const char *cmd, const char *path, const char *first,
		    const socialcap_results *res, const cli_options *o, int areas)
{
	uint32_t rows = socialcap_results_row_count(res);
	uint32_t cols = socialcap_results_column_count(res);
	FILE *f = cli_create(cmd, path);
	uint32_t r, c;

	if (f == NULL)
		return CLI_DATA_ERROR;
	fputs(first, f);
	for (c = 0; c < cols; c++) {
		fputc(',', f);
		cli_csv_text(f, socialcap_results_column_name(res, c));
	}
	fputc('\n', f);
	for (r = 0; r < rows; r++) {
		cli_csv_text(f, socialcap_results_row_label(res, r));
		for (c = 0; c < cols; c++) {
			const char *name = socialcap_results_column_name(res, c);
			const char *text = areas ? socialcap_areas_text(res, r, c) : NULL;

			fputc(',', f);
			if (!cli_column_wanted(o, name) && strcmp(name, "residents") != 0 &&
			    strcmp(name, "suppressed") != 0)
				continue;
			if (text != NULL)
				cli_csv_text(f, text);
			else if (!areas || (c != SOCIALCAP_AREA_KEY_INSTITUTION &&
					    c != SOCIALCAP_AREA_GROWTH_FUND))
				cli_csv_number(f, socialcap_results_get(res, r, c));
		}
		fputc('\n', f);
	}
	return cli_close(cmd, path, f);
}

int cli_write_network(const char *cmd, const char *path, const socialcap_results *res,
		      const cli_options *o)
{
	uint32_t cols = socialcap_results_column_count(res), c;
	FILE *f = cli_create(cmd, path);

	if (f == NULL)
		return CLI_DATA_ERROR;
	fputs("indicator,value\n", f);
	for (c = 0; c < cols; c++) {
		const char *name = socialcap_results_column_name(res, c);

		cli_csv_text(f, name);
		fputc(',', f);
		if (cli_column_wanted(o, name))
			cli_csv_number(f, socialcap_results_get(res, 0, c));
		fputc('\n', f);
	}
	return cli_close(cmd, path, f);
}

int cli_write_options(const char *cmd, const char *path, const socialcap_results *res)
{
	uint32_t n = socialcap_results_option_count(res), k;
	FILE *f = cli_create(cmd, path);

	if (f == NULL)
		return CLI_DATA_ERROR;
	fputs("option,value\n", f);
	for (k = 0; k < n; k++) {
		cli_csv_text(f, socialcap_results_option_name(res, k));
		fputc(',', f);
		cli_csv_number(f, socialcap_results_option_value(res, k));
		fputc('\n', f);
	}
	return cli_close(cmd, path, f);
}
