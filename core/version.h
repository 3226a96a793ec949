/* version.h: the version of tillid, written into every output's manifest. */
#ifndef TILLID_VERSION_H
#define TILLID_VERSION_H
#define TILLID_VERSION "0.1.0"
#endif
