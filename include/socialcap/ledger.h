/**
 * @file socialcap/ledger.h
 * @brief The investment ledger: contacts and events recorded on a network.
 *
 * Social capital is built by investments: a contact between two actors (a
 * visit, a call, a message) or an event in a neighbourhood (a clean-up, a
 * dialogue, a thank-you action) with its organisers and participants. The
 * ledger lives inside the socialcap_network that holds the actors, so that
 * one handle owns all the data and one error message describes the last
 * failure.
 *
 * Records may arrive in any time order. Every record is validated as a whole
 * before anything is stored: a rejected record (for example an event with
 * one unknown attendee) leaves the ledger unchanged and sets a message on the
 * network naming the field and the problem.
 *
 * Thread safety: as for socialcap/network.h: concurrent readers are fine,
 * a recording call needs exclusive access. The selection functions set the
 * network's error message, so they need exclusive access too.
 */
#ifndef SOCIALCAP_LEDGER_H
#define SOCIALCAP_LEDGER_H

#include "socialcap/common.h"
#include "socialcap/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a contact or an event took place. */
typedef enum socialcap_channel {
	SOCIALCAP_PHYSICAL = 0, /**< in person */
	SOCIALCAP_DIGITAL = 1   /**< phone, messages, social media */
} socialcap_channel;

/** The part an actor played in an event. */
typedef enum socialcap_role {
	SOCIALCAP_ORGANISER = 0,
	SOCIALCAP_PARTICIPANT = 1
} socialcap_role;

/**
 * @brief A contact between two actors. Plain value; layout stable within
 *        major version 0.
 */
typedef struct socialcap_contact {
	int64_t time;     /**< seconds since the epoch, UTC */
	uint32_t a;       /**< actor index */
	uint32_t b;       /**< actor index, != a */
	int32_t channel;  /**< a socialcap_channel */
	double weight;    /**< intensity, finite and > 0 (1 if unknown) */
	double cost;      /**< finite and >= 0 */
} socialcap_contact;

/** @brief One attendee of an event. Plain value; layout stable. */
typedef struct socialcap_attendance {
	uint32_t actor; /**< actor index */
	int32_t role;   /**< a socialcap_role */
} socialcap_attendance;

/**
 * @brief An event as given to socialcap_network_record_event().
 * Plain value; the strings are borrowed for the duration of the call only.
 */
typedef struct socialcap_event {
	const char *id;            /**< unique event id, UTF-8, non-empty */
	int64_t time;              /**< seconds since the epoch, UTC */
	const char *neighbourhood; /**< neighbourhood code (created if new) */
	const char *kind;          /**< kind label: "clean-up", "dialogue", ... */
	int32_t channel;           /**< a socialcap_channel */
	double cost;               /**< finite and >= 0 */
} socialcap_event;

/**
 * @brief A recorded event, as returned by socialcap_network_event().
 * The id points into the network (borrowed, valid until the network is
 * freed). Layout stable within major version 0.
 */
typedef struct socialcap_event_info {
	const char *id;
	int64_t time;
	uint32_t neighbourhood;   /**< neighbourhood index */
	uint32_t kind;            /**< event-kind index */
	int32_t channel;
	double cost;
	uint32_t attendee_count;
} socialcap_event_info;

/**
 * @brief Record a contact.
 * @param[out] out  the contact's index; may be NULL.
 * @return 0; SOCIALCAP_ENOTFOUND (unknown actor); SOCIALCAP_EINVAL (a == b,
 *         weight not finite or <= 0, cost not finite or < 0, unknown channel,
 *         time SOCIALCAP_TIME_NONE); SOCIALCAP_ELIMIT; SOCIALCAP_ENOMEM.
 * Complexity: O(1) amortised.
 */
SOCIALCAP_EXTERN int socialcap_network_record_contact(socialcap_network *net,
						      uint64_t *out,
						      const socialcap_contact *contact);

/**
 * @brief Record an event with its @p attendee_count attendees.
 * @param attendees  borrowed for the call; each actor at most once.
 * @param[out] out   the event's index; may be NULL.
 * @return 0; SOCIALCAP_EEXISTS (event id taken); SOCIALCAP_ENOTFOUND
 *         (unknown attendee); SOCIALCAP_EINVAL (no attendees, an attendee
 *         twice, bad role, channel, cost, time or text); SOCIALCAP_ELIMIT;
 *         SOCIALCAP_ENOMEM. Nothing is recorded when any part is bad.
 * Complexity: O(attendee_count + text length) expected, amortised.
 */
SOCIALCAP_EXTERN int socialcap_network_record_event(
	socialcap_network *net, uint32_t *out, const socialcap_event *event,
	const socialcap_attendance *attendees, size_t attendee_count);

/** @brief Number of contacts recorded. O(1). */
SOCIALCAP_EXTERN uint64_t socialcap_network_contact_count(const socialcap_network *net);

/**
 * @brief Copy contact @p contact into @p out.
 * @return 0; SOCIALCAP_ENOTFOUND (out of range); SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_contact(const socialcap_network *net,
					       uint64_t contact,
					       socialcap_contact *out);

/** @brief Number of events recorded. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_event_count(const socialcap_network *net);

/**
 * @brief Describe event @p event.
 * @return 0; SOCIALCAP_ENOTFOUND (out of range); SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_event(const socialcap_network *net,
					     uint32_t event,
					     socialcap_event_info *out);

/**
 * @brief Attendee number @p k of event @p event.
 * @return 0; SOCIALCAP_ENOTFOUND (out of range); SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_event_attendee(const socialcap_network *net,
						      uint32_t event, uint32_t k,
						      socialcap_attendance *out);

/**
 * @brief Index of the event with id @p id.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_find_event(const socialcap_network *net,
						  uint32_t *out, const char *id);

/** @brief Number of distinct event-kind labels. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_event_kind_count(const socialcap_network *net);
/** @brief Event-kind label @p kind (borrowed), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_event_kind_label(
	const socialcap_network *net, uint32_t kind);

/** @brief Total attendance rows over all events. O(1). */
SOCIALCAP_EXTERN uint64_t socialcap_network_attendance_count(const socialcap_network *net);

/* ---------------------------------------------------------------- queries */

#define SOCIALCAP_LEDGER_QUERY_VERSION 1

/**
 * @brief Which records a selection returns; versioned.
 *
 * A record matches when its time lies in the half-open window (from, to]
 * (SOCIALCAP_TIME_NONE for an open end) and, where given, it concerns the
 * neighbourhood (events held there; contacts with at least one side living
 * there) and the actor (contacts with that actor on either side; events
 * that actor attended).
 */
typedef struct socialcap_ledger_query {
	unsigned int version;   /**< SOCIALCAP_LEDGER_QUERY_VERSION */
	int64_t from;           /**< exclusive lower bound, or SOCIALCAP_TIME_NONE */
	int64_t to;             /**< inclusive upper bound, or SOCIALCAP_TIME_NONE */
	uint32_t neighbourhood; /**< neighbourhood index, or SOCIALCAP_NO_INDEX */
	uint32_t actor;         /**< actor index, or SOCIALCAP_NO_INDEX */
} socialcap_ledger_query;

#define SOCIALCAP_LEDGER_QUERY_INIT                                            \
	{ SOCIALCAP_LEDGER_QUERY_VERSION, SOCIALCAP_TIME_NONE,                 \
	  SOCIALCAP_TIME_NONE, SOCIALCAP_NO_INDEX, SOCIALCAP_NO_INDEX }

/**
 * @brief Fill @p query with "everything" for query version @p version.
 * @return 0; SOCIALCAP_EVERSION; SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_ledger_query_init(socialcap_ledger_query *query,
						 unsigned int version);

/**
 * @brief Select the contacts matching @p query, ordered by time (ties in
 *        time by recording order).
 *
 * Writes at most @p capacity contact indices to @p indices (caller-owned;
 * may be NULL when @p capacity is 0) and the number of matches to @p total,
 * so a caller can ask for the count first and then for the rows.
 * @return 0; SOCIALCAP_EINVAL (NULL @p total or @p query, NULL @p indices
 *         with @p capacity > 0, unknown neighbourhood or actor);
 *         SOCIALCAP_EVERSION (unknown query version); SOCIALCAP_ENOMEM.
 *         On failure nothing is written to @p indices or @p total.
 * Complexity: O(n + m log m) for n contacts and m matches.
 */
SOCIALCAP_EXTERN int socialcap_network_select_contacts(
	socialcap_network *net, const socialcap_ledger_query *query,
	uint64_t *indices, size_t capacity, size_t *total);

/**
 * @brief Select the events matching @p query, ordered by time (ties in time
 *        by recording order). Same contract as
 *        socialcap_network_select_contacts().
 * Complexity: O(n + a + m log m) for n events, a attendance rows when an
 * actor is given, and m matches.
 */
SOCIALCAP_EXTERN int socialcap_network_select_events(
	socialcap_network *net, const socialcap_ledger_query *query,
	uint32_t *indices, size_t capacity, size_t *total);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_LEDGER_H */
