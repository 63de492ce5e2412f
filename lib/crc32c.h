/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as used by iSCSI
 * (RFC 3720, appendix B.4) and ext4; table-driven, one byte at a time. */
#ifndef SOCIALCAP_CRC32C_H
#define SOCIALCAP_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* CRC of @p len bytes, continuing from @p crc (0 to start). */
uint32_t socialcap__crc32c(uint32_t crc, const void *data, size_t len);

#endif
