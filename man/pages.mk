# the pages, listed in dist_man_MANS
