/* Inline SVG charts for the HTML report. */
#include "svg.h"

#include <math.h>
#include <string.h>

#include "socialcap.h"

/* Geometry in SVG user units; the chart scales to the page width. */
#define WIDTH 900.0
#define LABEL_W 170.0   /* room for row labels left of the bars */
#define RIGHT_PAD 70.0  /* room for value labels */
#define BAR_H 22.0
#define BAR_GAP 8.0
#define TOP 34.0        /* room for the legend */
#define AXIS_H 46.0     /* ticks and axis label under the plot */

void svg_escape(FILE *f, const char *text)
{
	for (; text != NULL && *text != '\0'; text++) {
		switch (*text) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*text, f);
		}
	}
}

const char *svg_colour(size_t i)
{
	static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
					      "#56B4E9", "#D55E00", "#F0E442", "#000000"};

	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

/* A "nice" axis maximum and tick step (1, 2 or 5 times a power of ten). */
static double nice_step(double max, int ticks)
{
	double raw = max / ticks, p = pow(10, floor(log10(raw))), m = raw / p;

	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void legend(FILE *f, const char *const *series, size_t n, double y)
{
	double x = LABEL_W;
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>",
			x, y - 10, svg_colour(i));
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">", x + 16, y);
		svg_escape(f, series[i]);
		fputs("</text>\n", f);
		x += 28 + 7.5 * (double)strlen(series[i]);
	}
}

static void open_svg(FILE *f, double height, const char *title)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
		   "width=\"100%%\" role=\"img\" aria-label=\"", WIDTH, height);
	svg_escape(f, title);
	fputs("\">\n<title>", f);
	svg_escape(f, title);
	fputs("</title>\n", f);
}

static double bars_max(const svg_bars *c)
{
	double max = 0;
	size_t r, s;

	if (c->max > 0)
		return c->max;
	for (r = 0; r < c->n_rows; r++) {
		double sum = 0;

		for (s = 0; s < c->n_series; s++) {
			double v = c->values[r * c->n_series + s];
			if (!isnan(v) && v > 0)
				sum += v;
		}
		if (sum > max)
			max = sum;
	}
	return max > 0 ? max : 1;
}

static void x_axis(FILE *f, double max, double plot_w, double y, const char *label,
		   double scale)
{
	double step = nice_step(max, 5);
	int k;

	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n",
		LABEL_W, y, LABEL_W + plot_w, y);
	/* an integer tick counter: the number of ticks does not depend on
	 * rounding errors summed over the steps */
	for (k = 0; k * step <= max * 1.0001; k++) {
		double v = k * step, x = LABEL_W + plot_w * v / max;

		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
			   "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%g</text>\n",
			x, TOP - 4, x, y + 4, x, y + 17, v * scale);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"axislabel\" text-anchor=\"middle\">",
		LABEL_W + plot_w / 2, y + 38);
	svg_escape(f, label);
	fputs("</text>\n", f);
}

void svg_bar_chart(FILE *f, const svg_bars *c)
{
	const double plot_w = WIDTH - LABEL_W - RIGHT_PAD;
	const double height = TOP + (double)c->n_rows * (BAR_H + BAR_GAP) + AXIS_H;
	const double max = bars_max(c);
	const double scale = c->scale != 0 ? c->scale : 1;
	size_t r, s;

	open_svg(f, height, c->title);
	fputs("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eee\"/>"
	      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"2\"/>"
	      "</pattern></defs>\n", f);
	if (c->n_series > 1)
		legend(f, c->series, c->n_series, 16);
	for (r = 0; r < c->n_rows; r++) {
		double y = TOP + (double)r * (BAR_H + BAR_GAP), x = LABEL_W, total = 0;
		int any = 0;

		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"rowlabel\" text-anchor=\"end\">",
			LABEL_W - 8, y + BAR_H * 0.7);
		svg_escape(f, c->rows[r]);
		fputs("</text>\n", f);
		if (c->suppressed != NULL && c->suppressed[r]) {
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				   "fill=\"url(#hatch)\"/><text x=\"%.1f\" y=\"%.1f\" class=\"note\">"
				   "suppressed (too few residents)</text>\n",
				LABEL_W, y, plot_w * 0.3, BAR_H, LABEL_W + plot_w * 0.3 + 6,
				y + BAR_H * 0.7);
			continue;
		}
		for (s = 0; s < c->n_series; s++) {
			double v = c->values[r * c->n_series + s], w;

			if (isnan(v) || v <= 0)
				continue;
			any = 1;
			total += v;
			w = plot_w * v / max;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				   "fill=\"%s\"><title>",
				x, y, w, BAR_H, svg_colour(s));
			svg_escape(f, c->series[s]);
			fprintf(f, ": %g</title></rect>\n", v * scale);
			x += w;
		}
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">", x + 5, y + BAR_H * 0.7);
		if (any && c->decimals >= 0)
			fprintf(f, "%.*f%s", c->decimals, total * scale,
				c->suffix != NULL ? c->suffix : "");
		else if (!any)
			fputs("no value", f);
		fputs("</text>\n", f);
	}
	x_axis(f, max, plot_w, TOP + (double)c->n_rows * (BAR_H + BAR_GAP), c->axis_label, scale);
	fputs("</svg>\n", f);
}

static void lines_range(const svg_lines *c, double *lo, double *hi)
{
	size_t i, n = c->n_series * c->n_times;

	*lo = 0;
	*hi = 0;
	for (i = 0; i < n; i++)
		if (!isnan(c->values[i]) && c->values[i] > *hi)
			*hi = c->values[i];
	if (*hi <= 0)
		*hi = 1;
}

void svg_line_chart(FILE *f, const svg_lines *c)
{
	const double left = 80, plot_w = WIDTH - left - 30, plot_h = 260;
	const double height = TOP + plot_h + AXIS_H + 10;
	double lo, hi, step;
	int64_t t0 = c->times[0], t1 = c->times[c->n_times - 1];
	size_t s, i;
	int k;

	if (t1 == t0)
		t1 = t0 + 1;
	lines_range(c, &lo, &hi);
	step = nice_step(hi, 5);
	hi = ceil(hi / step) * step;
	open_svg(f, height, c->title);
	legend(f, c->series, c->n_series, 16);
#define X(t) (left + plot_w * (double)((t) - t0) / (double)(t1 - t0))
#define Y(v) (TOP + plot_h - plot_h * ((v) - lo) / (hi - lo))
	for (k = 0; lo + k * step <= hi * 1.0001; k++) {
		double v = lo + k * step;

		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
			   "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%g</text>\n",
			left, Y(v), left + plot_w, Y(v), left - 6, Y(v) + 4, v);
	}
	for (i = 0; i < c->n_times; i += (c->n_times + 7) / 8) {
		char date[SOCIALCAP_TIME_TEXT_SIZE];

		if (socialcap_date_format(date, sizeof(date), c->times[i]) != 0)
			continue;
		date[7] = '\0'; /* YYYY-MM */
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>\n",
			X(c->times[i]), TOP + plot_h + 17, date);
	}
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n",
		left, TOP + plot_h, left + plot_w, TOP + plot_h);
	if (c->marker_time != INT64_MIN && c->marker_time >= t0 && c->marker_time <= t1) {
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"marker\"/>"
			   "<text x=\"%.1f\" y=\"%.1f\" class=\"note\">",
			X(c->marker_time), TOP, X(c->marker_time), TOP + plot_h,
			X(c->marker_time) + 4, TOP + 12);
		svg_escape(f, c->marker_label);
		fputs("</text>\n", f);
	}
	for (s = 0; s < c->n_series; s++) {
		int pen = 0;

		fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"", svg_colour(s));
		for (i = 0; i < c->n_times; i++) {
			double val = c->values[s * c->n_times + i];

			if (isnan(val)) {
				pen = 0;
				continue;
			}
			fprintf(f, "%c%.1f %.1f ", pen ? 'L' : 'M', X(c->times[i]), Y(val));
			pen = 1;
		}
		fputs("\"/>\n", f);
	}
	fprintf(f, "<text transform=\"translate(16 %.1f) rotate(-90)\" class=\"axislabel\" "
		   "text-anchor=\"middle\">", TOP + plot_h / 2);
	svg_escape(f, c->y_label);
	fprintf(f, "</text><text x=\"%.1f\" y=\"%.1f\" class=\"axislabel\" text-anchor=\"middle\">"
		   "date (year-month)</text>\n", left + plot_w / 2, TOP + plot_h + 40);
#undef X
#undef Y
	fputs("</svg>\n", f);
}
