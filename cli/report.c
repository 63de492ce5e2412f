/*
 * The HTML report: one self-contained file (inline CSS and SVG, no scripts,
 * nothing fetched), readable on a laptop without scrolling sideways.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "svg.h"

static const char *const STYLE =
	"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;"
	"max-width:960px;margin:0 auto;padding:16px 20px 48px;line-height:1.45}"
	"h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;"
	"border-bottom:1px solid #ccc;padding-bottom:.2em}"
	".lead{color:#555}.explain{color:#444;font-size:.95em;margin-top:.3em}"
	"table{border-collapse:collapse;width:100%;font-size:.92em}"
	"th,td{padding:4px 8px;border-bottom:1px solid #e3e3e3;text-align:left}"
	"td.num,th.num{text-align:right}.sup{color:#888;font-style:italic}"
	"svg{display:block;max-width:100%;height:auto;margin:8px 0}"
	"svg text{font-family:inherit}.tick{font-size:12px;fill:#555}"
	".axislabel{font-size:13px;fill:#333}.rowlabel{font-size:13px;fill:#222}"
	".value{font-size:12px;fill:#333}.legend{font-size:13px;fill:#222}"
	".note{font-size:12px;fill:#666}.axis{stroke:#333}.grid{stroke:#e5e5e5}"
	".marker{stroke:#D55E00;stroke-dasharray:4 3}"
	".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ddd;"
	"border-radius:6px;padding:8px 12px;min-width:150px}.card b{font-size:1.3em;display:block}"
	"footer{margin-top:3em;font-size:.85em;color:#666}";

/* A neighbourhood table's value by column name (NaN if missing). */
static double cell(const socialcap_results *res, uint32_t row, const char *column)
{
	uint32_t c;

	if (socialcap_results_find_column(res, &c, column) != 0)
		return NAN;
	return socialcap_results_get(res, row, c);
}

static const char *cell_text(const socialcap_results *res, uint32_t row, const char *column)
{
	uint32_t c;

	if (socialcap_results_find_column(res, &c, column) != 0)
		return NULL;
	return socialcap_areas_text(res, row, c);
}

static void text(FILE *f, const char *s)
{
	svg_escape(f, s);
}

static void para(FILE *f, const char *s)
{
	fputs("<p class=\"explain\">", f);
	fputs(s, f); /* static prose of this file: no escaping needed */
	fputs("</p>\n", f);
}

typedef struct areas_view {
	const socialcap_results *res;
	uint32_t n;
	const char **labels;
	int *suppressed;
} areas_view;

static int view_init(areas_view *v, const socialcap_results *res)
{
	uint32_t r;

	v->res = res;
	v->n = socialcap_results_row_count(res);
	v->labels = calloc(v->n + 1, sizeof(*v->labels));
	v->suppressed = calloc(v->n + 1, sizeof(*v->suppressed));
	if (v->labels == NULL || v->suppressed == NULL)
		return -1;
	for (r = 0; r < v->n; r++) {
		v->labels[r] = socialcap_results_row_label(res, r);
		v->suppressed[r] = cell(res, r, "suppressed") == 1;
	}
	return 0;
}

static void view_free(areas_view *v)
{
	free(v->labels);
	free(v->suppressed);
}

static void summary_cards(FILE *f, socialcap_network *net, const cli_tables *t)
{
	static const struct {
		const char *column, *label;
		int percent;
	} cards[] = {
		{"actors", "actors", 0},
		{"ties", "active ties", 0},
		{"largest_component_share", "in the largest connected group", 1},
		{"transitivity", "of connected triples closed (transitivity)", 1},
	};
	size_t i;

	fputs("<div class=\"cards\">", f);
	for (i = 0; i < sizeof(cards) / sizeof(cards[0]); i++) {
		double v = cell(t->network, 0, cards[i].column);

		fputs("<div class=\"card\"><b>", f);
		if (isnan(v))
			fputs("&ndash;", f);
		else if (cards[i].percent)
			fprintf(f, "%.0f%%", 100 * v);
		else
			fprintf(f, "%.0f", v);
		fprintf(f, "</b>%s</div>", cards[i].label);
	}
	fprintf(f, "<div class=\"card\"><b>%u</b>events recorded</div>",
		socialcap_network_event_count(net));
	fputs("</div>\n", f);
}

static void capital_types(FILE *f, const areas_view *v)
{
	static const char *const series[] = {"bonding (within the group)",
					     "bridging (across groups)",
					     "linking (to institutions)"};
	double *values = calloc((size_t)v->n * 3 + 1, sizeof(double));
	svg_bars chart;
	uint32_t r;

	if (values == NULL)
		return;
	for (r = 0; r < v->n; r++) {
		double *row = values + (size_t)r * 3;

		row[0] = cell(v->res, r, "bonding");
		row[1] = cell(v->res, r, "bridging");
		row[2] = cell(v->res, r, "linking");
	}
	memset(&chart, 0, sizeof(chart));
	chart.title = "Bonding, bridging and linking capital per neighbourhood";
	chart.axis_label = "share of the tie strength of residents (%)";
	chart.rows = v->labels;
	chart.n_rows = v->n;
	chart.series = series;
	chart.n_series = 3;
	chart.values = values;
	chart.suppressed = v->suppressed;
	chart.max = 1;
	chart.scale = 100;
	chart.decimals = -1; /* the stacked shares add up to 100% */
	fputs("<h2>Bonding, bridging and linking capital</h2>\n", f);
	svg_bar_chart(f, &chart);
	para(f, "Each bar splits the strength of the residents' ties into three kinds. "
		"<b>Bonding</b> ties stay within the same group (sector), <b>bridging</b> ties "
		"cross to another group of the same standing, and <b>linking</b> ties reach "
		"across an authority gradient, to youth work, police, municipality or mayor. "
		"Linking capital is what lets a neighbourhood reach institutions when it needs them.");
	free(values);
}

/* A bar per neighbourhood of one area column (suppressed rows hatched). */
static void column_chart(FILE *f, const areas_view *v, const char *column,
			 const char *title, const char *axis_label, double max,
			 double scale, int decimals, const char *suffix)
{
	double *values = calloc((size_t)v->n + 1, sizeof(double));
	const char *series[1];
	svg_bars chart;
	uint32_t r;

	if (values == NULL)
		return;
	for (r = 0; r < v->n; r++)
		values[r] = cell(v->res, r, column);
	series[0] = column;
	memset(&chart, 0, sizeof(chart));
	chart.title = title;
	chart.axis_label = axis_label;
	chart.rows = v->labels;
	chart.n_rows = v->n;
	chart.series = series;
	chart.n_series = 1;
	chart.values = values;
	chart.suppressed = v->suppressed;
	chart.max = max;
	chart.scale = scale;
	chart.decimals = decimals;
	chart.suffix = suffix;
	svg_bar_chart(f, &chart);
	free(values);
}

static void institution_reach(FILE *f, const areas_view *v)
{
	uint32_t r;

	fputs("<h2>Reach of institutions</h2>\n", f);
	column_chart(f, v, "institution_reach",
		     "Share of residents within two steps of an institution",
		     "residents within 2 steps of an institution (%)", 1, 100, 0, "%");
	para(f, "Institution reach is the share of residents who know an institutional actor "
		"directly or through one acquaintance. The table names, per neighbourhood, the "
		"institution that most residents depend on as their <i>only</i> link "
		"(&ldquo;what if this youth worker leaves?&rdquo;).");
	fputs("<table><tr><th>neighbourhood</th><th class=\"num\">residents</th>"
	      "<th class=\"num\">reach</th><th class=\"num\">single-link share</th>"
	      "<th>key institution</th><th class=\"num\">depend on it alone</th></tr>\n", f);
	for (r = 0; r < v->n; r++) {
		const char *key = cell_text(v->res, r, "key_institution");

		fputs("<tr><td>", f);
		text(f, v->labels[r]);
		fprintf(f, "</td><td class=\"num\">%.0f</td>", cell(v->res, r, "residents"));
		if (v->suppressed[r]) {
			fputs("<td colspan=\"4\" class=\"sup\">suppressed (fewer residents than "
			      "the minimum cell size)</td></tr>\n", f);
			continue;
		}
		fprintf(f, "<td class=\"num\">%.0f%%</td><td class=\"num\">%.0f%%</td><td>",
			100 * cell(v->res, r, "institution_reach"),
			100 * cell(v->res, r, "single_link_share"));
		text(f, key != NULL ? key : "none");
		fprintf(f, "</td><td class=\"num\">%.0f</td></tr>\n",
			key != NULL ? cell(v->res, r, "key_institution_dependents") : 0.0);
	}
	fputs("</table>\n", f);
}

static void portfolio(FILE *f, const areas_view *v)
{
	fputs("<h2>Portfolio diversification</h2>\n", f);
	column_chart(f, v, "portfolio_effective",
		     "Diversification of the investment portfolio per neighbourhood",
		     "effective number of partner sectors (1 / HHI)", 0, 1, 1, NULL);
	para(f, "The investments made in a neighbourhood over the last year (events held "
		"there and contacts of its residents) are split over the sectors of the people "
		"taking part. The effective number says over how many equally large partner "
		"sectors the investment was spread: 1 means everything went through one "
		"sector; higher is more diversified.");
}

static void investors(FILE *f, const areas_view *v, const socialcap_snapshot *snap,
		      const socialcap_areas_options *opts, socialcap_network *net)
{
	uint32_t r;

	fputs("<h2>New investors and growth funds</h2>\n"
	      "<table><tr><th>neighbourhood</th><th>new investors (first event organised "
	      "there in the last year)</th><th>growth fund</th>"
	      "<th class=\"num\">growth of its ties</th><th class=\"num\">investment flow "
	      "(EUR)</th><th class=\"num\">invested stock (EUR)</th></tr>\n", f);
	for (r = 0; r < v->n; r++) {
		uint32_t sectors[32];
		size_t total = 0, k;
		const char *fund = cell_text(v->res, r, "growth_fund");
		double rate = cell(v->res, r, "growth_rate");

		fputs("<tr><td>", f);
		text(f, v->labels[r]);
		fputs("</td>", f);
		if (v->suppressed[r]) {
			fputs("<td colspan=\"5\" class=\"sup\">suppressed</td></tr>\n", f);
			continue;
		}
		fputs("<td>", f);
		if (socialcap_areas_new_investors(snap, opts, r, sectors, 32, &total) == 0) {
			for (k = 0; k < total && k < 32; k++) {
				if (k > 0)
					fputs(", ", f);
				text(f, socialcap_network_sector_label(net, sectors[k]));
			}
		}
		if (total == 0)
			fputs("&ndash;", f);
		fputs("</td><td>", f);
		text(f, fund != NULL ? fund : "none");
		if (isnan(rate) || isinf(rate))
			fputs("</td><td class=\"num\">&ndash;</td>", f);
		else
			fprintf(f, "</td><td class=\"num\">%+.0f%%</td>", 100 * rate);
		fprintf(f, "<td class=\"num\">%.0f</td><td class=\"num\">%.0f</td></tr>\n",
			cell(v->res, r, "investment_flow"), cell(v->res, r, "invested_stock"));
	}
	fputs("</table>\n", f);
	para(f, "A <b>new investor</b> is a sector that organised an event in the "
		"neighbourhood during the last year and never before there: new partners, "
		"like football supporters offering help after the riots. The <b>growth fund</b> "
		"is the partner sector whose ties with the residents grew most over the year, "
		"with that growth in percent. Flow is what was spent in the last year; stock is "
		"all spending, depreciated with a half-life (past returns are no guarantee).");
}

/* Monthly series of one column per neighbourhood, for a line chart. */
static void stock_chart(FILE *f, const socialcap_series *s, const char *column,
			const char *title, const char *y_label, const cli_report_spec *spec)
{
	size_t steps = socialcap_series_count(s), k;
	const socialcap_results *first = socialcap_series_table(s, 0);
	uint32_t rows = socialcap_results_row_count(first), r, c;
	int64_t *times = calloc(steps + 1, sizeof(*times));
	double *values = calloc((size_t)rows * steps + 1, sizeof(double));
	const char **labels = calloc(rows + 1, sizeof(*labels));
	svg_lines chart;

	if (times == NULL || values == NULL || labels == NULL ||
	    socialcap_results_find_column(first, &c, column) != 0)
		goto done;
	for (r = 0; r < rows; r++)
		labels[r] = socialcap_results_row_label(first, r);
	for (k = 0; k < steps; k++) {
		const socialcap_results *res = socialcap_series_table(s, k);

		times[k] = socialcap_series_time(s, k);
		for (r = 0; r < rows; r++)
			values[r * steps + k] = socialcap_results_get(res, r, c);
	}
	memset(&chart, 0, sizeof(chart));
	chart.title = title;
	chart.y_label = y_label;
	chart.times = times;
	chart.n_times = steps;
	chart.series = labels;
	chart.n_series = rows;
	chart.values = values;
	chart.marker_time = spec->mark_time;
	chart.marker_label = spec->mark_label;
	svg_line_chart(f, &chart);
done:
	free(times);
	free(values);
	free(labels);
}

static int over_time(FILE *f, socialcap_network *net, cli_options *o, int64_t t,
		     const cli_report_spec *spec)
{
	int64_t times[121];
	size_t n = 0;
	int k, months = spec->months > 0 && spec->months <= 120 ? spec->months : 24;
	socialcap_series *s = NULL;
	socialcap_snapshot_options snap = o->snapshot;
	char date[SOCIALCAP_TIME_TEXT_SIZE];

	/* Month ends, back from t. */
	for (k = months; k >= 0; k--)
		times[n++] = t - (int64_t)k * 30 * SOCIALCAP_DAY;
	if (socialcap_series_compute(&s, net, &snap, &o->areas, times, n) != 0)
		return cli_data_error("report", "%s", socialcap_network_errmsg(net));
	fputs("<h2>Capital stock over time</h2>\n", f);
	stock_chart(f, s, "invested_stock", "Invested stock per neighbourhood over time",
		    "invested stock (EUR, depreciated)", spec);
	para(f, "The invested stock adds up the cost of every event and contact, "
		"depreciated with a half-life: money spent long ago counts for less. Where "
		"nobody keeps investing, the stock runs down.");
	if (socialcap_results_find_column(socialcap_series_table(s, 0), (uint32_t[]){0},
					  "relational_stock") == 0) {
		stock_chart(f, s, "relational_stock",
			    "Relational stock per neighbourhood over time",
			    "summed tie strength of residents", spec);
		para(f, "The relational stock is the summed strength of all ties of the "
			"residents: what the investments built. Contacts and shared events "
			"fade with their half-lives unless they are renewed.");
	}
	socialcap_date_format(date, sizeof(date), times[0]);
	fprintf(f, "<p class=\"explain\">Monthly steps of 30 days from %s.</p>\n", date);
	socialcap_series_free(s);
	return CLI_OK;
}

static void footer(FILE *f, const socialcap_results *res)
{
	uint32_t k;

	fprintf(f, "<footer><p>Made with libsocialcap %s. Options: ", socialcap_version_string());
	for (k = 0; k < socialcap_results_option_count(res); k++) {
		const char *name = socialcap_results_option_name(res, k);
		double value = socialcap_results_option_value(res, k);
		char date[SOCIALCAP_TIME_TEXT_SIZE];

		fprintf(f, "%s", k > 0 ? ", " : "");
		text(f, name);
		/* Times as dates and durations in days: the way people set them. */
		if (strcmp(name, "time") == 0 &&
		    socialcap_time_format(date, sizeof(date), (int64_t)value) == 0)
			fprintf(f, " = %s", date);
		else if (strncmp(name, "half_life", 9) == 0 || strcmp(name, "window") == 0)
			fprintf(f, " = %g days", value / (double)SOCIALCAP_DAY);
		else
			fprintf(f, " = %g", value);
	}
	fputs(". Areas with fewer residents than min_cell are suppressed to protect "
	      "privacy.</p></footer>\n", f);
}

int cli_report_write(const char *cmd, const char *path, socialcap_network *net,
		     cli_options *o, const cli_tables *t, const cli_report_spec *spec)
{
	char date[SOCIALCAP_TIME_TEXT_SIZE];
	int64_t when = socialcap_snapshot_time(t->snap);
	areas_view v;
	FILE *f;
	int rc;

	if (t->neighbourhoods == NULL || t->network == NULL)
		return cli_data_error(cmd, "the report needs every indicator (do not use --only)");
	if (view_init(&v, t->neighbourhoods) != 0) {
		view_free(&v);
		return cli_data_error(cmd, "out of memory");
	}
	f = cli_create(cmd, path);
	if (f == NULL) {
		view_free(&v);
		return CLI_DATA_ERROR;
	}
	socialcap_date_format(date, sizeof(date), when);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		   "<title>Social capital: ");
	text(f, spec->title);
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>Social capital: ", STYLE);
	text(f, spec->title);
	fprintf(f, "</h1>\n<p class=\"lead\">Which relationships hold the neighbourhoods "
		   "together, who links residents to institutions, and is what is invested "
		   "paying off? Situation on %s.</p>\n", date);
	summary_cards(f, net, t);
	capital_types(f, &v);
	institution_reach(f, &v);
	rc = over_time(f, net, o, when, spec);
	portfolio(f, &v);
	investors(f, &v, t->snap, &o->areas, net);
	footer(f, t->neighbourhoods);
	fputs("</body></html>\n", f);
	view_free(&v);
	if (rc != CLI_OK) {
		fclose(f);
		return rc;
	}
	return cli_close(cmd, path, f);
}
