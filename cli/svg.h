/*
 * Inline SVG charts for the HTML report: horizontal bars (plain and
 * stacked) and line charts over time. Each chart scales to its container
 * (viewBox, width 100%), carries axis labels with units and a legend, and
 * draws suppressed cells as hatched bars labelled "suppressed".
 */
#ifndef SOCIALCAP_CLI_SVG_H
#define SOCIALCAP_CLI_SVG_H

#include <stdint.h>
#include <stdio.h>

/* Write @p text with the five XML special characters escaped. */
void svg_escape(FILE *f, const char *text);

/* Colour-blind-safe palette (Okabe & Ito); index taken modulo its size. */
const char *svg_colour(size_t i);

typedef struct svg_bars {
	const char *title;        /* accessible title of the chart */
	const char *axis_label;   /* e.g. "share of tie strength (%)" */
	const char *const *rows;  /* row labels */
	size_t n_rows;
	const char *const *series; /* legend entries; 1 for plain bars */
	size_t n_series;
	const double *values;     /* n_rows x n_series, row-major; NaN = no value */
	const int *suppressed;    /* per row, or NULL */
	double max;               /* axis maximum; <= 0 = from the data */
	int decimals;             /* of the value label; < 0 = no label */
	const char *suffix;       /* after the value label, e.g. "%"; may be NULL */
	double scale;             /* value label = value * scale */
} svg_bars;

/* Horizontal bars, stacked when n_series > 1. */
void svg_bar_chart(FILE *f, const svg_bars *c);

typedef struct svg_lines {
	const char *title;
	const char *y_label;          /* e.g. "capital stock (EUR)" */
	const int64_t *times;         /* n_times x positions, seconds */
	size_t n_times;
	const char *const *series;    /* legend entries */
	size_t n_series;
	const double *values;         /* n_series x n_times, row-major; NaN = gap */
	int64_t marker_time;          /* a vertical marker (e.g. an event), or INT64_MIN */
	const char *marker_label;
} svg_lines;

/* A line chart with dates on the x axis. */
void svg_line_chart(FILE *f, const svg_lines *c);

#endif
