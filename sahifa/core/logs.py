"""Log lines with one clock. Django sets the process time zone to TIME_ZONE
(readers' dates), while `make run`'s supervisor and the system journal stamp
lines in UTC: application logs are stamped in UTC too, so every line of a run
reads on the same clock. Under the supervisor (LOG_TIMESTAMPS=0) the
supervisor's stamp is the only one."""

import logging
import time


class UTCFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self, *, timestamps: bool = True):
        fmt = "%(levelname)s %(name)s: %(message)s"
        super().__init__(f"%(asctime)sZ {fmt}" if timestamps else fmt, datefmt="%Y-%m-%d %H:%M:%S")
