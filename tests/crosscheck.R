# crosscheck.R: recompute tillid's statistics with base R from the tidy CSV and compare with results.csv.
#
# Usage: Rscript tests/crosscheck.R STUDY_DIR...
# Each STUDY_DIR holds clean.csv (tds_write_csv), items.csv (tillid-synth's
# metadata: items, scales, waves, groups, municipalities, units, minimum
# group size, the value of point 1 of items on declared values, the items
# asking for their NPS) and results.csv (tillid stats).  Only base R is used:
# t.test, wilcox.test, mcnemar.test, prop.test, p.adjust, cov, cor, qf, pt,
# qnorm; the intervals R has no function for (Newcombe's, the NPS's) are
# written out below from their papers and checked first against the papers'
# worked examples.
# Every row must match in status and an ok row in its value.  R applies the
# primary suppression itself (fewer than the minimum, none included); the
# cells tillid hides besides to protect them (its rectangles, family rule
# and audit rounds) are taken from results.csv, as are withheld pair tables,
# and their protection is checked by 'tillid audit' (tests/crosscheck.sh),
# not here.  Every suppressed row has the one note.
# Exit status 0 when every number agrees, 1 otherwise (with a diff).
#
# Tolerances: relative 1e-9 (absolute 1e-12 near zero) for estimates;
# p-values relative 1e-6 or absolute 1e-12; confidence bounds found by
# inverting the noncentral t (effect size intervals) relative 1e-7, because
# both sides stop a root search.

suppressWarnings(RNGkind("default"))
options(warn = -1)

TOL_REL <- 1e-9
TOL_ABS <- 1e-12
TOL_P_REL <- 1e-6
TOL_P_ABS <- 1e-12
TOL_ROOT_REL <- 1e-7

# Statistics tillid writes that base R cannot recompute from the CSV.
UNCHECKED <- c("boot_pct_ci_low", "boot_pct_ci_high", "boot_bca_ci_low", "boot_bca_ci_high",
               "count_rejected", "dataset_format")

# ---- the expected rows of one study, collected in growing vectors ----
ex <- NULL
ex_n <- 0
ex_new <- function() {
  ex <<- list(variable = character(1e5), variable_type = character(1e5), breakdown = character(1e5),
              breakdown_value = character(1e5), wave = character(1e5), design = character(1e5),
              statistic = character(1e5), value = numeric(1e5), status = character(1e5),
              note = character(1e5))
  ex_n <<- 0
}
# ctx$sup: 0 shown, 1 suppressed with fewer answers than the minimum; one
# note for every suppressed row.
why <- function(code) "suppressed to protect small groups"
# results.csv's own suppressed rows and withheld pair tables (check_study)
tsup <- new.env(hash = TRUE)
twithheld <- new.env(hash = TRUE)
WITHHELD <- "pairs withheld to protect small groups"
# The code of a block resting on two cells: a side below the minimum wins.
sup2 <- function(a, b) if (a == 1 || b == 1) 1L else if (a == 2 || b == 2) 2L else 0L
ctx <- list()
put <- function(stat, value, status = NULL) {
  if (is.null(status)) status <- if (ctx$sup) "suppressed" else if (!is.null(ctx$na)) "not_applicable"
                                 else if (length(value) != 1 || !is.finite(value)) "not_applicable" else "ok"
  key <- paste(ctx$variable, ctx$variable_type, ctx$breakdown, ctx$breakdown_value, ctx$wave, ctx$design,
               stat, sep = "\r")
  if (ctx$sup || exists(key, envir = tsup, inherits = FALSE)) status <- "suppressed"
  withheld <- status != "suppressed" && exists(key, envir = twithheld, inherits = FALSE)
  if (withheld) status <- "not_applicable"
  if (ex_n == length(ex$variable)) ex <<- lapply(ex, function(v) c(v, v))
  ex_n <<- ex_n + 1
  i <- ex_n
  ex$variable[i] <<- ctx$variable; ex$variable_type[i] <<- ctx$variable_type
  ex$breakdown[i] <<- ctx$breakdown; ex$breakdown_value[i] <<- ctx$breakdown_value
  ex$wave[i] <<- ctx$wave; ex$design[i] <<- ctx$design; ex$statistic[i] <<- stat
  ex$value[i] <<- if (status == "ok") as.numeric(value) else NA_real_
  ex$status[i] <<- status
  ex$note[i] <<- if (status == "suppressed") why(ctx$sup) else if (withheld) WITHHELD else ""
  invisible(i)
}
put_na <- function(stat) put(stat, NA_real_, if (ctx$sup) "suppressed" else "not_applicable")

# ---- statistics not in base R as one call ----

# Hedges (1981) J, exact gamma ratio.
# Undefined for df <= 1 (Gamma(0)), where tillid reports "not enough observations".
hedges_j <- function(df) if (df <= 1) NA else exp(lgamma(df / 2) - lgamma((df - 1) / 2)) / sqrt(df / 2)

# Confidence interval of the noncentrality of a t statistic (Steiger & Fouladi 1997).
ncp_ci <- function(t, df, conf = 0.95) {
  a <- 1 - conf
  root <- function(target) {
    f <- function(ncp) pt(t, df, ncp) - target
    uniroot(f, c(t - 1, t + 1), extendInt = "downX", tol = 1e-14, maxiter = 2000)$root
  }
  c(root(1 - a / 2), root(a / 2))
}

wilson <- function(x, n) as.numeric(prop.test(x, n, correct = FALSE)$conf.int)

# Newcombe (1998a) method 10: hybrid score interval for p1 - p2.
newcombe_diff <- function(x1, n1, x2, n2) {
  p1 <- x1 / n1; p2 <- x2 / n2
  w1 <- wilson(x1, n1); w2 <- wilson(x2, n2)
  c(p1 - p2 - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
    p1 - p2 + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

# Newcombe (1998b) method 10: square-and-add interval for a paired difference,
# a = yes/yes, b = yes/no, c = no/yes, d = no/no; p1 - p2 = (b - c)/n.
newcombe_paired <- function(a, b, c, d) {
  n <- a + b + c + d
  p1 <- (a + b) / n; p2 <- (a + c) / n
  w1 <- wilson(a + b, n); w2 <- wilson(a + c, n)
  A <- (a + b) * (c + d) * (a + c) * (b + d)
  num <- a * d - b * c
  if (num > 0) num <- max(num - n / 2, 0)
  phi <- if (A == 0) 0 else num / sqrt(A)
  dl <- sqrt((p1 - w1[1])^2 - 2 * phi * (p1 - w1[1]) * (w2[2] - p2) + (w2[2] - p2)^2)
  du <- sqrt((w1[2] - p1)^2 - 2 * phi * (w1[2] - p1) * (p2 - w2[1]) + (p2 - w2[1])^2)
  c(p1 - p2 - dl, p1 - p2 + du)
}

# ---- the Net Promoter Score (docs/statistics.md) ----
# A 0-10 answer's score: +1 promoter (9-10), 0 passive (7-8), -1 detractor
# (0-6) (Reichheld 2003); NPS = 100 mean(score).
nps_score <- function(x) ifelse(x >= 9, 1, ifelse(x >= 7, 0, -1))
# Rocks (2016), adjusted Wald: 3/4 added to the promoters and to the
# detractors (3/2 to the passives), n + 3 answers, the interval of the
# adjusted NPS with the trinomial variance p_P + p_D - (p_P - p_D)^2, cut at
# -100 and 100.
nps_ci <- function(s) {
  nt <- length(s) + 3
  pp <- (sum(s == 1) + 3 / 4) / nt; pd <- (sum(s == -1) + 3 / 4) / nt
  ci <- 100 * ((pp - pd) + c(-1, 1) * qnorm(0.975) * sqrt((pp + pd - (pp - pd)^2) / nt))
  pmin(pmax(ci, -100), 100)
}
# The variance of one answer's score with divisor n (the multinomial's).
var_n <- function(s) mean((s - mean(s))^2)
# The change of two independent samples: Wald, the two variances added;
# no interval when both are zero.  A change lies in -200..200.
nps_diff_ci <- function(sl, sb) {
  v <- var_n(sl) / length(sl) + var_n(sb) / length(sb)
  if (v == 0) return(c(NA, NA))
  pmin(pmax(100 * ((mean(sl) - mean(sb)) + c(-1, 1) * qnorm(0.975) * sqrt(v)), -200), 200)
}
# The paired change: the Wald interval of the mean of the pairs' score
# differences with divisor n (a linear function of one multinomial sample:
# Bishop, Fienberg & Holland 1975, sec. 14.6).
nps_paired_ci <- function(sl, sb) {
  d <- sl - sb
  v <- var_n(d) / length(d)
  if (v == 0) return(c(NA, NA))
  pmin(pmax(100 * (mean(d) + c(-1, 1) * qnorm(0.975) * sqrt(v)), -200), 200)
}

# The NPS rows of one wave's answers xs (0-10) in the cell of ctx.
put_nps_wave <- function(xs) {
  n <- length(xs); s <- nps_score(xs)
  put("nps", if (n) 100 * mean(s) else NA)
  ci <- if (n && !ctx$sup) nps_ci(s) else c(NA, NA)
  put("nps_ci_low", ci[1]); put("nps_ci_high", ci[2])
  put("nps_promoters", if (n) mean(s == 1) else NA)
  put("nps_passives", if (n) mean(s == 0) else NA)
  put("nps_detractors", if (n) mean(s == -1) else NA)
}
# The NPS rows of a change: the later and earlier answers, of the pairs
# (paired, in pair order) or of the two waves.
put_nps_change <- function(xl, xb, paired) {
  ok <- length(xl) > 0 && length(xb) > 0
  sl <- nps_score(xl); sb <- nps_score(xb)
  put("nps_base", if (ok) 100 * mean(sb) else NA); put("nps_later", if (ok) 100 * mean(sl) else NA)
  put("nps_diff", if (!ok) NA else if (paired) 100 * mean(sl - sb) else 100 * (mean(sl) - mean(sb)))
  ci <- if (!ok || ctx$sup) c(NA, NA) else if (paired) nps_paired_ci(sl, sb) else nps_diff_ci(sl, sb)
  put("nps_diff_ci_low", ci[1]); put("nps_diff_ci_high", ci[2])
}

# The worked examples of the papers: the formulas above must give them
# before any study is compared.
self_check <- function() {
  near <- function(a, b) all(abs(round(a, 4) - b) < 1e-12)
  stopifnot(
    # Newcombe (1998a), Table II, method 10
    near(newcombe_diff(56, 70, 48, 80), c(0.0524, 0.3339)),
    near(newcombe_diff(9, 10, 3, 10), c(0.1705, 0.8090)),
    near(newcombe_diff(5, 56, 0, 29), c(-0.0381, 0.1926)),
    near(newcombe_diff(0, 10, 0, 20), c(-0.1611, 0.2775)),
    # Newcombe (1998b), Table II, method 10: 36, 12, 2, 0
    near(newcombe_paired(36, 12, 2, 0), c(0.0569, 0.3404)),
    # Wilson (1927) as in Newcombe (1998, Stat Med 17:857), Table I: 81/263
    near(wilson(81, 263), c(0.2553, 0.3662)),
    # the adjusted Wald interval never has zero width: all 10 of 10 promoters
    nps_ci(rep(1, 10))[1] < 100)
}
self_check()

try_t <- function(...) tryCatch(t.test(...), error = function(e) NULL)

# Is a positive answer defined on k points (yes/no, or at least four points)?
top2_defined <- function(k) k == 2 || k >= 4
# The positive answers: the nearest point is one of the top two (the upper
# one of two), x >= HIGH - 1.5 (two points: HIGH - 0.5), HIGH = low + k - 1.
positive <- function(x, k, low) x >= low + k - 1 - (if (k == 2) 0.5 else 1.5)

# ---- primary suppression (docs/statistics.md): fewer than min, none included ----
# Returns per cell 0 (shown) or 1 (suppressed).  The complementary cells
# are tillid's choice, read from results.csv (put) and audited by GLPK.
primary <- function(n, min) {
  sup <- ifelse(n < min, 1L, 0L)
  names(sup) <- names(n)
  sup
}

# paste0 that keeps an empty vector empty (paste0("a", character(0)) is "a").
pp <- function(...) {
  a <- list(...)
  if (any(lengths(a) == 0)) character(0) else do.call(paste0, a)
}

# ---- one study ----
check_study <- function(dir) {
  items <- read.csv(file.path(dir, "items.csv"), comment.char = "#", colClasses = "character",
                    na.strings = NULL, encoding = "UTF-8")
  meta <- readLines(file.path(dir, "items.csv"), encoding = "UTF-8")
  metaline <- function(key) {
    l <- meta[startsWith(meta, paste0("# ", key, ","))]
    if (length(l) == 0) return(character(0))
    v <- strsplit(sub(paste0("^# ", key, ","), "", l), "\t", fixed = TRUE)[[1]]
    v[v != ""]
  }
  scales <- metaline("scales"); waves <- metaline("waves"); groups <- metaline("groups")
  # items on declared values: "ITEM=LOW", the value of point 1; 1 otherwise
  lows <- metaline("low")
  low_of <- setNames(as.integer(sub(".*=", "", lows)), sub("=.*", "", lows))
  nps_items <- metaline("nps")
  munis <- metaline("municipalities"); units <- metaline("units")  # units as "M|U"
  min <- as.numeric(metaline("min_group_size"))
  d <- read.csv(file.path(dir, "clean.csv"), colClasses = "character", na.strings = "",
                encoding = "UTF-8", check.names = FALSE)
  res <- read.csv(file.path(dir, "results.csv"), colClasses = "character", na.strings = NULL,
                  encoding = "UTF-8", check.names = FALSE)
  rkey <- do.call(paste, c(res[c("variable", "variable_type", "breakdown", "breakdown_value", "wave",
                                 "design", "statistic")], sep = "\r"))
  rm(list = ls(tsup), envir = tsup); rm(list = ls(twithheld), envir = twithheld)
  for (k in rkey[res$status == "suppressed"]) assign(k, TRUE, envir = tsup)
  for (k in rkey[res$status == "not_applicable" & res$note == WITHHELD]) assign(k, TRUE, envir = twithheld)

  # Cells, in tillid's order: all; groups; municipalities; municipality x group; units.
  cell_keys <- c("all\t", pp("group\t", groups), pp("municipality\t", munis),
                 pp("municipality_group\t", rep(munis, each = length(groups)), "|", groups),
                 pp("unit\t", units))

  N <- nrow(d)
  mu <- ifelse(is.na(d$municipality), "", d$municipality)
  # membership: a logical matrix rows x cells
  memb <- matrix(FALSE, N, length(cell_keys), dimnames = list(NULL, cell_keys))
  memb[, "all\t"] <- TRUE
  for (g in groups) memb[, paste0("group\t", g)] <- !is.na(d$group) & d$group == g
  for (m in munis) memb[, paste0("municipality\t", m)] <- !is.na(d$municipality) & d$municipality == m
  for (m in munis) for (g in groups)
    memb[, paste0("municipality_group\t", m, "|", g)] <- !is.na(d$municipality) & d$municipality == m &
      !is.na(d$group) & d$group == g
  ukey <- paste0(mu, "|", d$unit)
  for (u in units) memb[, paste0("unit\t", u)] <- !is.na(d$unit) & ukey == u
  used <- cell_keys[colSums(memb) > 0]
  wave_i <- match(d$wave, waves) - 1

  # Comparisons (docs/statistics.md): every later wave against the
  # baseline, and from the third wave on against the wave before it; each
  # an earlier and a later wave (0-based).
  comps <- list()
  for (l in seq_along(waves)[-1] - 1) {
    comps[[length(comps) + 1]] <- c(0, l)
    if (l >= 2) comps[[length(comps) + 1]] <- c(l - 1, l)
  }
  # Pairs: a key present exactly once in the earlier and once in the later wave.
  keyed <- !is.na(d$pair_key)
  dup <- duplicated(paste(d$wave, d$pair_key)) | duplicated(paste(d$wave, d$pair_key), fromLast = TRUE)
  pairable <- keyed & !dup
  pairs <- list()
  for (w in seq_along(comps)) {
    base_idx <- which(pairable & wave_i == comps[[w]][1])
    later_idx <- which(pairable & wave_i == comps[[w]][2])
    j <- match(d$pair_key[later_idx], d$pair_key[base_idx])
    ok <- !is.na(j)
    b <- base_idx[j[ok]]; l <- later_idx[ok]
    pm <- memb[b, , drop = FALSE] & memb[l, , drop = FALSE]  # in the cell at both waves
    pairs[[w]] <- list(b = b, l = l, memb = pm)
  }

  # Values: items (values low..low + k - 1, reverse-worded ones turned; NA
  # otherwise), and scale scores.
  val <- list(); kk <- list(); vtype <- list(); raw <- list(); fam <- list(); lowv <- list()
  for (i in seq_len(nrow(items))) {
    id <- items$item[i]; k <- as.integer(items$k[i])
    low <- if (id %in% names(low_of)) low_of[[id]] else 1L
    x <- d[[id]]
    v <- suppressWarnings(as.integer(ifelse(grepl("^[0-9]+$", x), x, NA)))
    v[!is.na(v) & (v < low | v > low + k - 1)] <- NA
    # a reverse-worded item is turned in every statistic (higher = more positive)
    if (items$reverse[i] == "1") v <- 2 * low + k - 1 - v
    val[[id]] <- v; kk[[id]] <- k; vtype[[id]] <- "item"; raw[[id]] <- x
    fam[[id]] <- items$scale[i]; lowv[[id]] <- low
  }
  scored <- function(id) val[[id]]
  scale_ok <- list()
  for (s in scales) {
    its <- items$item[items$scale == s]
    ks <- unique(unlist(kk[its])); lws <- unique(unlist(lowv[its]))
    if (length(its) == 0 || length(ks) != 1 || length(lws) != 1) { scale_ok[[s]] <- FALSE; next }
    scale_ok[[s]] <- TRUE
    X <- matrix(unlist(lapply(its, scored)), nrow = N, ncol = length(its))
    cnt <- rowSums(!is.na(X)); sm <- rowSums(X, na.rm = TRUE)
    val[[s]] <- ifelse(cnt >= ceiling(length(its) / 2), sm / cnt, NA)
    kk[[s]] <- ks; lowv[[s]] <- lws; vtype[[s]] <- "scale"; fam[[s]] <- "\001scales"
  }
  vars <- c(items$item, scales[unlist(scale_ok[scales])])
  lead <- max(min, 10)

  ex_new()
  ctx <<- list(variable = "*", variable_type = "", breakdown = "all", breakdown_value = "", wave = "",
               design = "", sup = FALSE, na = NULL)
  put("bootstrap_seed", 20211001); put("bootstrap_resamples", 2000)
  put("min_group_size", min); put("paired_lead_min", lead); put("conf_level", 0.95)
  # tillid-synth leaves [study] smallest_change at its default, 0.2 points
  delta <- 0.2
  put("smallest_change", delta)
  for (w in seq_along(waves)) {
    n <- colSums(memb[wave_i == w - 1, , drop = FALSE])
    sup <- primary(n, min)
    for (ck in used) {
      ctx$breakdown <<- sub("\t.*", "", ck); ctx$breakdown_value <<- sub("^[^\t]*\t", "", ck)
      ctx$wave <<- waves[w]; ctx$sup <<- sup[[ck]]
      put("respondents", n[[ck]])
    }
  }
  for (s in scales[!unlist(scale_ok[scales])]) {
    ctx <<- list(variable = s, variable_type = "scale", breakdown = "all", breakdown_value = "",
                 wave = "", design = "", sup = FALSE, na = NULL)
    put_na("n")
  }

  ptests <- list(); vtests <- list()
  for (v in vars) {
    x <- val[[v]]; k <- kk[[v]]; low <- lowv[[v]]; is_scale <- vtype[[v]] == "scale"
    t2 <- top2_defined(k); is_nps <- !is_scale && v %in% nps_items
    if (!is_scale) {
      ctx <<- list(variable = v, variable_type = "item", breakdown = "all", breakdown_value = "", wave = "",
                   design = "", sup = FALSE, na = NULL)
      put("reversed", as.numeric(items$reverse[match(v, items$item)] == "1"))
    }
    nsub <- sapply(seq_along(waves) - 1, function(w) colSums(memb[wave_i == w & !is.na(x), , drop = FALSE]))
    if (!is.matrix(nsub)) nsub <- matrix(nsub, ncol = length(waves), dimnames = list(cell_keys, NULL))
    sup_w <- apply(nsub, 2, function(n) primary(n, min))
    if (!is.matrix(sup_w)) sup_w <- matrix(sup_w, ncol = length(waves), dimnames = list(cell_keys, NULL))
    sup_p <- list(); npair <- list()
    for (w in seq_along(comps)) {
      P <- pairs[[w]]
      both <- !is.na(x[P$b]) & !is.na(x[P$l])
      np <- colSums(P$memb[both, , drop = FALSE])
      sp <- primary(np, min)
      sup_p[[w]] <- sp; npair[[w]] <- np
    }
    for (ck in used) {
      ctx <<- list(variable = v, variable_type = vtype[[v]], breakdown = sub("\t.*", "", ck),
                   breakdown_value = sub("^[^\t]*\t", "", ck), wave = "", design = "", sup = FALSE, na = NULL)
      for (w in seq_along(waves)) {
        ctx$wave <<- waves[w]; ctx$design <<- ""; ctx$sup <<- sup_w[ck, w]; ctx$na <<- NULL
        rows <- memb[, ck] & wave_i == w - 1
        xs <- x[rows & !is.na(x)]
        n <- length(xs)
        put("n", n); put("n_missing", sum(rows) - n)
        if (!is_scale) {
          labs <- strsplit(items$nonsubst[items$item == v], "|", fixed = TRUE)[[1]]
          r <- raw[[v]][rows]
          for (j in seq_along(labs)) put(sprintf("count_nonsubst_%d", j), sum(!is.na(r) & r == labs[j]))
          put("count_blank", sum(is.na(r) | (!(r %in% labs) & is.na(val[[v]][rows]))))
        } else {
          put("count_blank", sum(rows) - n)
        }
        put("mean", if (n) mean(xs) else NA); put("sd", if (n > 1) sd(xs) else NA)
        put("median", if (n) median(xs) else NA)
        put("q1", if (n) quantile(xs, 0.25, names = FALSE) else NA)
        put("q3", if (n) quantile(xs, 0.75, names = FALSE) else NA)
        tt <- if (n > 1 && !ctx$sup) try_t(xs) else NULL
        ci <- if (is.null(tt)) c(NA, NA) else as.numeric(tt$conf.int)
        put("mean_ci_low", ci[1]); put("mean_ci_high", ci[2])
        put("mean_0_100", if (n) (mean(xs) - low) / (k - 1) * 100 else NA)
        put("mean_0_100_ci_low", (ci[1] - low) / (k - 1) * 100)
        put("mean_0_100_ci_high", (ci[2] - low) / (k - 1) * 100)
        # points by position V = 1..k: point V is the value low + V - 1
        for (p in seq_len(k)) {
          pv <- low + p - 1
          cnt <- if (is_scale) sum(floor(xs + 0.5) == pv) else sum(xs == pv)
          put(sprintf(if (is_scale) "count_bin_%d" else "count_point_%d", p), cnt)
          put(sprintf(if (is_scale) "pct_bin_%d" else "pct_point_%d", p), if (n) 100 * cnt / n else NA)
        }
        # positive: the nearest point is one of the top two (docs/statistics.md)
        if (t2 && n > 0) {
          x2 <- sum(positive(xs, k, low))
          put("top2", x2 / n)
          wci <- if (ctx$sup) c(NA, NA) else wilson(x2, n)
          put("top2_ci_low", wci[1]); put("top2_ci_high", wci[2])
        } else {
          put_na("top2"); put_na("top2_ci_low"); put_na("top2_ci_high")
        }
        if (is_nps) put_nps_wave(xs)
      }
      for (w in seq_along(comps)) {
        wb <- comps[[w]][1]; wl <- comps[[w]][2]
        lab <- paste0(waves[wb + 1], "..", waves[wl + 1])
        # ---- paired ----
        P <- pairs[[w]]
        sel <- P$memb[, ck] & !is.na(x[P$b]) & !is.na(x[P$l])
        xb <- x[P$b[sel]]; xl <- x[P$l[sel]]
        np <- length(xb)
        ctx$wave <<- lab; ctx$design <<- "paired"; ctx$sup <<- sup_p[[w]][[ck]]; ctx$na <<- NULL
        # hidden by R's primary rule or by tillid's protection (read in put)
        i_np <- put("n_pairs", np)
        psup <- ex$status[i_np] != "ok"
        put("paired_leads", as.numeric(np >= lead))
        if (np == 0) ctx$na <<- "no pairs"
        dd <- xl - xb
        put("mean_base", mean(xb)); put("mean_later", mean(xl)); put("mean_diff", mean(dd))
        put("sd_diff", if (np > 1) sd(dd) else NA)
        tt <- if (np > 1 && !psup) try_t(xl, xb, paired = TRUE) else NULL
        tok <- !is.null(tt) && is.finite(tt$statistic)
        put("mean_diff_ci_low", if (tok) tt$conf.int[1] else NA)
        put("mean_diff_ci_high", if (tok) tt$conf.int[2] else NA)
        put("t", if (tok) tt$statistic else NA); put("df", if (tok) tt$parameter else NA)
        ip <- put("p", if (tok) tt$p.value else NA)
        ptests[[length(ptests) + 1]] <- list(i = ip, f = fam[[v]], k = paste(lab, ck, "t"), stat = "holm_p")
        paired_leads <- !psup && np >= lead
        vtests[[length(vtests) + 1]] <- list(ctx = ctx, f = fam[[v]], k = paste(lab, ctx$breakdown), ok = tok,
                                             leads = paired_leads, args = list(xl, xb, paired = TRUE))
        nz <- dd[dd != 0]
        wt <- if (np > 0 && !ctx$sup) wilcox.test(xl, xb, paired = TRUE) else NULL
        wok <- !is.null(wt) && is.finite(wt$p.value)
        put("signedrank_v", if (wok) wt$statistic else NA)
        ip <- put("signedrank_p", if (wok) wt$p.value else NA)
        put("signedrank_exact", if (wok) as.numeric(length(nz) < 50 && !any(duplicated(abs(nz))) && !any(dd == 0)) else NA)
        put("rank_biserial", if (wok) 4 * wt$statistic / (length(nz) * (length(nz) + 1)) - 1 else NA)
        ptests[[length(ptests) + 1]] <- list(i = ip, f = fam[[v]], k = paste(lab, ck, "sr"), stat = "signedrank_holm_p")
        if (tok) {
          sdd <- sd(dd); dz <- mean(dd) / sdd
          cz <- ncp_ci(dz * sqrt(np), np - 1) / sqrt(np)
          s1 <- sd(xl); s2 <- sd(xb); J <- hedges_j(np - 1)
          gav <- J * (mean(xl) - mean(xb)) / ((s1 + s2) / 2)
          cg <- ncp_ci(mean(dd) / (sdd / sqrt(np)), np - 1) * sdd / (sqrt(np) * (s1 + s2) / 2) * J
        } else {
          dz <- NA; cz <- c(NA, NA); gav <- NA; cg <- c(NA, NA)
        }
        put("d_z", dz); put("d_z_ci_low", cz[1]); put("d_z_ci_high", cz[2])
        put("g_av", gav); put("g_av_ci_low", cg[1]); put("g_av_ci_high", cg[2])
        if (t2) {
          yb <- positive(xb, k, low); yl <- positive(xl, k, low)
          a <- sum(yl & yb); b <- sum(yl & !yb); c <- sum(!yl & yb); d0 <- sum(!yl & !yb)
          put("top2_base", mean(yb)); put("top2_later", mean(yl)); put("top2_diff", (b - c) / np)
          nw <- if (np > 0 && !ctx$sup) newcombe_paired(a, b, c, d0) else c(NA, NA)
          put("top2_diff_ci_low", nw[1]); put("top2_diff_ci_high", nw[2])
          mc <- if (np > 0 && b + c > 0) mcnemar.test(matrix(c(a, c, b, d0), 2)) else NULL
          put("mcnemar_chi2", if (is.null(mc)) NA else mc$statistic)
          ip <- put("mcnemar_p", if (is.null(mc)) NA else mc$p.value)
        } else {
          for (s in c("top2_base", "top2_later", "top2_diff", "top2_diff_ci_low", "top2_diff_ci_high",
                      "mcnemar_chi2")) put_na(s)
          ip <- put_na("mcnemar_p")
        }
        ptests[[length(ptests) + 1]] <- list(i = ip, f = fam[[v]], k = paste(lab, ck, "mc"), stat = "mcnemar_holm_p")
        if (is_nps) put_nps_change(xl, xb, TRUE)

        # ---- independent ----
        rb <- memb[, ck] & wave_i == wb & !is.na(x); rl <- memb[, ck] & wave_i == wl & !is.na(x)
        xb <- x[rb]; xl <- x[rl]; nb <- length(xb); nl <- length(xl)
        ctx$design <<- "independent"; ctx$sup <<- sup2(sup_w[ck, wb + 1], sup_w[ck, wl + 1]); ctx$na <<- NULL
        i_nb <- put("n_base", nb); i_nl <- put("n_later", nl)
        isup <- ex$status[i_nb] == "suppressed" || ex$status[i_nl] == "suppressed"
        put("mean_base", if (nb) mean(xb) else NA); put("mean_later", if (nl) mean(xl) else NA)
        put("mean_diff", if (nb && nl) mean(xl) - mean(xb) else NA)
        tt <- if (nb > 1 && nl > 1 && !isup) try_t(xl, xb) else NULL
        tok <- !is.null(tt) && is.finite(tt$statistic)
        put("welch_t", if (tok) tt$statistic else NA); put("welch_df", if (tok) tt$parameter else NA)
        ip <- put("welch_p", if (tok) tt$p.value else NA)
        put("welch_ci_low", if (tok) tt$conf.int[1] else NA); put("welch_ci_high", if (tok) tt$conf.int[2] else NA)
        ptests[[length(ptests) + 1]] <- list(i = ip, f = fam[[v]], k = paste(lab, ck, "welch"), stat = "holm_p")
        vtests[[length(vtests) + 1]] <- list(ctx = ctx, f = fam[[v]], k = paste(lab, ctx$breakdown), ok = tok,
                                             leads = !paired_leads, args = list(xl, xb))
        mw <- if (nb > 0 && nl > 0 && !ctx$sup) wilcox.test(xl, xb) else NULL
        mok <- !is.null(mw) && is.finite(mw$p.value)
        put("mannwhitney_w", if (mok) mw$statistic else NA)
        ip <- put("mannwhitney_p", if (mok) mw$p.value else NA)
        put("mannwhitney_exact", if (mok) as.numeric(nb < 50 && nl < 50 && !any(duplicated(c(xb, xl)))) else NA)
        put("rank_biserial", if (mok) 2 * mw$statistic / (nl * nb) - 1 else NA)
        ptests[[length(ptests) + 1]] <- list(i = ip, f = fam[[v]], k = paste(lab, ck, "mw"), stat = "mannwhitney_holm_p")
        if (nb > 1 && nl > 1) {
          sp <- sqrt(((nl - 1) * var(xl) + (nb - 1) * var(xb)) / (nl + nb - 2))
          if (sp > 0) {
            dd <- (mean(xl) - mean(xb)) / sp; J <- hedges_j(nl + nb - 2)
            f <- sqrt(1 / nl + 1 / nb)
            ci <- if (ctx$sup) c(NA, NA) else ncp_ci(dd / f, nl + nb - 2) * f * J
            put("hedges_g", J * dd); put("hedges_g_ci_low", ci[1]); put("hedges_g_ci_high", ci[2])
          } else {
            put_na("hedges_g"); put_na("hedges_g_ci_low"); put_na("hedges_g_ci_high")
          }
        } else {
          put_na("hedges_g"); put_na("hedges_g_ci_low"); put_na("hedges_g_ci_high")
        }
        if (t2 && nb > 0 && nl > 0) {
          x2b <- sum(positive(xb, k, low)); x2l <- sum(positive(xl, k, low))
          put("top2_base", x2b / nb); put("top2_later", x2l / nl); put("top2_diff", x2l / nl - x2b / nb)
          nw <- if (ctx$sup) c(NA, NA) else newcombe_diff(x2l, nl, x2b, nb)
          put("top2_diff_ci_low", nw[1]); put("top2_diff_ci_high", nw[2])
        } else {
          for (s in c("top2_base", "top2_later", "top2_diff", "top2_diff_ci_low", "top2_diff_ci_high")) put_na(s)
        }
        if (is_nps) put_nps_change(xl, xb, FALSE)
      }
    }
    # ---- reliability: listwise, cells all and each group ----
    if (is_scale) {
      its <- items$item[items$scale == v]
      X <- matrix(unlist(lapply(its, scored)), nrow = N, ncol = length(its))
      complete <- rowSums(is.na(X)) == 0
      m <- length(its)
      for (ck in intersect(c("all\t", paste0("group\t", groups)), used)) {
        for (w in seq_along(waves)) {
          Xc <- X[complete & memb[, ck] & wave_i == w - 1, , drop = FALSE]
          n <- nrow(Xc)
          ctx <<- list(variable = v, variable_type = "scale", breakdown = sub("\t.*", "", ck),
                       breakdown_value = sub("^[^\t]*\t", "", ck), wave = waves[w], design = "",
                       sup = if (n < min) 1L else 0L, na = NULL)
          put("alpha_n", n)
          al <- NA; lo <- NA; hi <- NA; adel <- rep(NA, m); itr <- rep(NA, m)
          if (n >= 2) {
            C <- cov(Xc)
            # Which variances are exactly zero: n(n-1) cov from integer sums is
            # exact in double, so zero is decided without rounding noise.
            Z <- n * crossprod(Xc) - outer(colSums(Xc), colSums(Xc))
            if (sum(Z) != 0) {
              al <- m / (m - 1) * (1 - sum(diag(C)) / sum(C))
              lo <- 1 - (1 - al) * qf(0.975, n - 1, (n - 1) * (m - 1))
              hi <- 1 - (1 - al) * qf(0.025, n - 1, (n - 1) * (m - 1))
              for (i in seq_len(m)) {
                Ci <- C[-i, -i, drop = FALSE]
                zrest <- sum(Z[-i, -i])
                if (m - 1 >= 2 && zrest != 0) adel[i] <- (m - 1) / (m - 2) * (1 - sum(diag(Ci)) / sum(Ci))
                rest <- rowSums(Xc[, -i, drop = FALSE])
                if (Z[i, i] != 0 && zrest != 0) itr[i] <- cor(Xc[, i], rest)
              }
            }
          }
          put("alpha", al); put("alpha_ci_low", lo); put("alpha_ci_high", hi)
          aok <- is.finite(al)
          for (i in seq_len(m)) {
            ctx$variable <<- its[i]; ctx$variable_type <<- "item"
            put("alpha_if_deleted", if (aok) adel[i] else NA)
            put("item_total_r", if (aok) itr[i] else NA)
          }
        }
      }
    }
  }

  # Holm within families: one scale's items (or the items outside scales, or
  # the scale scores) x cell x comparison x test.
  if (length(ptests)) {
    idx <- sapply(ptests, `[[`, "i")
    key <- paste(sapply(ptests, `[[`, "f"), sapply(ptests, `[[`, "k"))
    pv <- ifelse(ex$status[idx] == "ok", ex$value[idx], NA)
    adj <- numeric(length(idx))
    bh <- file.exists(file.path(dir, "bh"))
    for (method in if (bh) c("holm", "BH") else "holm") {
      for (kk2 in unique(key)) {
        s <- which(key == kk2)
        adj[s] <- p.adjust(pv[s], method)
      }
      for (j in seq_along(idx)) {
        i <- idx[j]
        ctx <<- list(variable = ex$variable[i], variable_type = ex$variable_type[i],
                     breakdown = ex$breakdown[i], breakdown_value = ex$breakdown_value[i],
                     wave = ex$wave[i], design = ex$design[i],
                     sup = as.integer(ex$status[i] == "suppressed"), na = NULL)
        name <- ptests[[j]]$stat
        if (method == "BH") name <- sub("holm_p$", "bh_p", name)
        put(name, adj[j], if (ex$status[i] == "ok") "ok" else ex$status[i])
      }
    }
  }

  # The verdict (docs/statistics.md): within a family of variables x
  # comparison x breakdown, m = the published tests of the leading designs;
  # each published test's t interval at 1 - 0.05/m (Bonferroni), and the
  # verdict read off it with the smallest change delta.
  if (length(vtests)) {
    vkey <- paste(sapply(vtests, `[[`, "f"), sapply(vtests, `[[`, "k"))
    for (kk2 in unique(vkey)) {
      s <- which(vkey == kk2)
      m <- max(1, sum(sapply(vtests[s], function(t) t$ok && t$leads)))
      for (j in s) {
        t <- vtests[[j]]; ctx <<- t$ctx
        if (!t$ok) {
          for (st in c("verdict_m", "verdict_ci_low", "verdict_ci_high", "verdict")) put_na(st)
          next
        }
        ci <- do.call(t.test, c(t$args, list(conf.level = 1 - 0.05 / m)))$conf.int
        vd <- if (ci[1] > 0) 1 else if (ci[2] < 0) -1 else if (ci[1] > -delta && ci[2] < delta) 0 else 2
        put("verdict_m", m); put("verdict_ci_low", ci[1]); put("verdict_ci_high", ci[2]); put("verdict", vd)
      }
    }
  }

  E <- as.data.frame(lapply(ex, `[`, seq_len(ex_n)), stringsAsFactors = FALSE)
  compare(dir, E, res)
}

# ---- comparison ----
compare <- function(dir, E, res) {
  kcols <- c("variable", "variable_type", "breakdown", "breakdown_value", "wave", "design", "statistic")
  ke <- do.call(paste, c(E[kcols], sep = "\r"))
  kr <- do.call(paste, c(res[kcols], sep = "\r"))
  bad <- character(0)
  if (any(duplicated(kr))) bad <- c(bad, paste("duplicate row in results.csv:", kr[duplicated(kr)][1]))
  m <- match(ke, kr)
  miss <- which(is.na(m))
  for (i in head(miss, 10)) bad <- c(bad, paste("missing in results.csv:", gsub("\r", ",", ke[i])))
  extra <- setdiff(which(!(kr %in% ke)), which(res$statistic %in% UNCHECKED))
  for (i in head(extra, 10)) bad <- c(bad, paste("not expected by R:", gsub("\r", ",", kr[i]), res$status[i]))
  found <- which(!is.na(m))
  st_bad <- found[E$status[found] != res$status[m[found]]]
  for (i in head(st_bad, 10))
    bad <- c(bad, sprintf("status differs: %s: R %s (%s), tillid %s (%s)", gsub("\r", ",", ke[i]),
                          E$status[i], format(E$value[i], digits = 17), res$status[m[i]], res$note[m[i]]))
  nt_bad <- found[E$status[found] == "suppressed" & res$status[m[found]] == "suppressed" &
                   E$note[found] != res$note[m[found]]]
  for (i in head(nt_bad, 10))
    bad <- c(bad, sprintf("reason differs: %s: R '%s', tillid '%s'", gsub("\r", ",", ke[i]),
                          E$note[i], res$note[m[i]]))
  okrows <- found[E$status[found] == "ok" & res$status[m[found]] == "ok"]
  a <- E$value[okrows]; b <- as.numeric(res$value[m[okrows]])
  st <- E$statistic[okrows]
  isp <- grepl("(^p$|_p$)", st)
  isroot <- st %in% c("d_z_ci_low", "d_z_ci_high", "g_av_ci_low", "g_av_ci_high", "hedges_g_ci_low", "hedges_g_ci_high")
  diff <- abs(a - b)
  rel <- diff / pmax(abs(a), abs(b))
  okv <- ifelse(isp, diff <= TOL_P_ABS | rel <= TOL_P_REL,
         ifelse(isroot, diff <= TOL_ABS | rel <= TOL_ROOT_REL, diff <= TOL_ABS | rel <= TOL_REL))
  okv[is.na(okv)] <- FALSE
  vb <- okrows[!okv]
  for (j in head(which(!okv), 20))
    bad <- c(bad, sprintf("value differs: %s: R %.17g, tillid %.17g (rel %.3g)", gsub("\r", ",", ke[okrows[j]]),
                          a[j], b[j], rel[j]))
  list(dir = dir, n_checked = length(okrows), n_rows = nrow(res), bad = bad,
       n_bad = length(miss) + length(extra) + length(st_bad) + length(nt_bad) + length(vb))
}

dirs <- commandArgs(TRUE)
total_bad <- 0; total_checked <- 0; total_rows <- 0
for (dir in dirs) {
  # CROSSCHECK_DEBUG=1 lets an R error stop with its traceback
  r <- if (nzchar(Sys.getenv("CROSSCHECK_DEBUG"))) check_study(dir) else
    tryCatch(check_study(dir), error = function(e) list(dir = dir, n_checked = 0, n_rows = 0,
             bad = paste("R error:", conditionMessage(e)), n_bad = 1))
  total_bad <- total_bad + r$n_bad; total_checked <- total_checked + r$n_checked; total_rows <- total_rows + r$n_rows
  if (r$n_bad) {
    cat(sprintf("MISMATCH %s: %d problem(s)\n", dir, r$n_bad))
    cat(paste0("  ", r$bad, "\n"), sep = "")
  }
}
cat(sprintf("crosscheck: %d studies, %d values compared with R, %d rows in results, %d problem(s)\n",
            length(dirs), total_checked, total_rows, total_bad))
quit(status = if (total_bad) 1 else 0)
