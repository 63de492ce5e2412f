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

#endif /* SOCIALCAP_H */
