/**
 * @file socialcap.h
 * @brief libsocialcap: social-capital metrics for neighbourhood networks.
 *
 * The umbrella header and the supported entry point: it includes every
 * public module header.
 */
#ifndef SOCIALCAP_H
#define SOCIALCAP_H

#include "socialcap/common.h"
#include "socialcap/version.h"
#include "socialcap/time.h"
#include "socialcap/network.h"
#include "socialcap/ledger.h"
#include "socialcap/dataset.h"
#include "socialcap/snapshot.h"
#include "socialcap/results.h"
#include "socialcap/indicators.h"
#include "socialcap/diversity.h"
#include "socialcap/areas.h"
#include "socialcap/series.h"

#include "socialcap/state.h"
#include "socialcap/journal.h"
#include "socialcap/compact.h"

#endif /* SOCIALCAP_H */
