adaptation_tau s [0.1, 10000] 60 time over which the infant adapts to its own arousal (the mean M of arousal_adaptation)
age_gaze factor [0.1, 10] 0.62 per month past 4: build-up of a look and hazard of looking back times this (below 1: older infants look less)
age_months months [1, 12] 4 age; the other keys describe a 4-month-old, age_gaze and age_regulation say how age moves them
age_regulation factor [0.1, 10] 1.1 per month past 4: calming from looking away and self-comfort times this
answer_contingency 0-1 [0, 1] 0.5 partner contingency that answers a bid (below it, bidding goes unanswered)
arousal_adaptation 0-1 [0, 1] 1 adaptation (2.11): the arousal adapted to, M, lifts the negative-affect threshold by this times M times (1 - threshold) (0: off)
arousal_noise 1/sqrt(s) [0, 1] 0.04 amplitude of random fluctuations of arousal
arousal_width 0-1 [0.001, 1] 0.051 softness of every arousal threshold
avert_arousal_rate 1/s [0, 100] 1.5 extra hazard of looking away when over-aroused
avert_rate 1/s [0, 100] 0.0374 base hazard of looking away
avert_relief 1/s [0, 100] 0.15 calming from looking away
avert_threshold 0-1 [0, 1] 0.467 arousal at which that extra hazard is half on
away_factor 0-1 [0, 1] 0.2 share of stimulation still received while looking away
bid_duration s [0.1, 100] 1.2 mean length of one bid
bid_persistence s [0.1, 1000] 12 unanswered bidding before giving up, at trust 0.5
bid_rate 1/s [0, 100] 1.5 hazard of a bid (reach, point, vocalise) at full contingency loss
calm_adaptation 0-1 [0, 1] 0.7 share of arousal_adaptation that the end of negative affect sees (below 1: calming needs arousal lower than the onset did)
calm_rate 1/s [0, 100] 0.35 hazard of negative affect ending below that threshold
capacity_spent 0-1 [0, 1] 0.05 capacity below which self-comfort is spent and stops faster
capacity_tau s [0.1, 10000] 40 recovery time of regulation capacity
capacity_use 1/s [0, 10] 0.04 depletion of regulation capacity while self-comforting
contingency_gain 1/s [0, 100] 0.154 arousal drive at full loss of partner contingency
contingency_tau s [0.1, 1000] 3 how fast the loss of a partner's contingency is felt
distress_prone 0-1 [0, 1] 0 temperament: 1 for an infant of the negatively engaged minority (the population draws it, 7 %), 0 otherwise; between, a share of its effect
distress_threshold 0-1 [0, 1] 0.828 arousal at which fussing turns into crying
frustration_rate 1/s [0, 100] 0.0206 hazard of negative affect from bids gone unanswered: times L (1 - hope), from a neutral face (0: none)
futility_tau s [0.1, 10000] 120 time over which readiness to protest comes back
greet_smile_tau s [0.1, 100] 1.5 how fast that extra hazard fades as the look goes on
greet_smile factor [0, 100] 2.57 greeting smile: extra hazard of smiling at the start of a look at her, times positive_rate
hope_buffer 0-1 [0, 1] 0.6 share of the arousal from lost contingency held off while hope lasts (0: none)
hope_tau s [0.1, 1000] 64 time constant of hope coming back once bids are answered
hope_wariness 0-1 [0, 1] 0.65 wariness: smiling and looking back times 1 - this times (1 - hope), hope coming back over hope_tau (0: none)
intrusion_avert_rate 1/s [0, 100] 0.8 extra hazard of turning away per unit of intrusion
intrusion_gain 1/s [0, 100] 1.2 arousal drive per unit of intrusion (looming, touching)
irritation_tau s [0, 1000] 20 how long intrusion must persist to irritate (0: irritation is the intrusion itself)
irritation_threshold 0-1 [0, 1] 0.5 irritation at which protest under intrusion is half on (0: in proportion to irritation)
look_build s [0, 1000] 44.9 build-up of a look: the urge to look away grows over this time after each return
negative_rate 1/s [0, 100] 0.176 hazard of negative affect above that threshold
negative_threshold 0-1 [0, 1] 0.585 arousal at which negative affect sets in
positive_loss_factor factor [1, 100] 2 how much faster a smile fades when looking away or neither play nor a bid holds it
positive_loss_rate 1/s [0, 100] 1.5 hazard of a smile fading
positive_rate 1/s [0, 100] 0.822 hazard of smiling with a playful, contingent partner
prone_calm_gain factor [0.001, 1] 0.15 a distress-prone infant's calm_rate is this times the key's (to the power distress_prone)
prone_negative_gain factor [1, 1000] 10 a distress-prone infant's negative_rate is this many times the key's (to the power distress_prone)
protest_duration s [0.1, 100] 2 mean length of a protest bout
protest_futility 0-1 [0, 1] 0.7 share of his readiness to protest under intrusion that each protest against her looming takes away (0: none)
protest_rate 1/s [0, 100] 0.8 hazard of protest (fuss, push away) under intrusion or distress
push_threshold 0-1 [0, 1] 0.3 irritation above which a fuss can escalate into a push
reactivity factor [0.01, 100] 1 temperament: every arousal drive (stimulation, intrusion, lost contingency) times this
repair_horizon s [0.1, 1000] 2 repair latency that counts as half a success
return_rate 1/s [0, 100] 0.167 hazard of looking back once calm (scaled by trust)
return_threshold 0-1 [0, 1] 0.5 arousal above which the infant stays turned away
selfcomfort_rate 1/s [0, 100] 0.6 hazard of starting to self-comfort when away and aroused
selfcomfort_relief 1/s [0, 100] 0.35 calming from self-comfort (thumb-sucking) at full capacity
selfcomfort_threshold 0-1 [0, 1] 0.45 arousal above which the infant self-comforts
smile_build s [0, 100] 1.5 build-up of a smile: the hazard of its fading grows as 1 - exp(-time smiling / this) (0: at once)
smile_refractory s [0, 100] 1 after a smile, smiling again is held back by 1 - exp(-time since / this) (0: not at all)
soothability factor [0.01, 100] 3.1 temperament: how much her soothing calms (co-regulation) and speeds the end of negative affect
soothe_gain 1/s [0, 100] 0.6 calming from the caregiver's soothing (co-regulation)
state_gaze log-factor [0, 5] 0.72 looking back times exp(g z + g^2/2), looking away times exp(-g z + g^2/2), g = state_gaze
state_smile log-factor [0, 5] 1.035 smiling times exp(s z + s^2/2), a smile fading times exp(-s z + s^2/2), s = state_smile
state_tau s [1, 100000] 300 time constant of the slow state z (alertness: mean 0, SD 1), drawn afresh at each session's start
stim_gain 1/s [0, 100] 0.351 arousal drive per unit of stimulation received
trust_initial 0-1 [0, 1] 0.7 expectation of repair at the start
trust_neutral 0-1 [0, 1] 0.5 trust at which trust neither speeds nor slows returning, bidding, withdrawing
trust_rate 0-1 [0, 1] 0.004 learning rate of trust per rupture outcome
unanswered_avert_rate 1/s [0, 100] 0.154 hazard of looking away from bids gone unanswered: times L (1 - hope), at once, not held by a look's build-up (0: none)
upset_negative_rate 1/s [0, 100] 0.437 hazard of a neutral face turning negative per unit of upset: distress that feeds on itself (0: none)
upset_shift 0-1 [0, 1] 1 how far full upset lowers the negative-affect and crying thresholds
upset_soothe_rate 1/s [0, 100] 0 her soothing discharges upset: while she soothes, upset also relaxes to 0 at this rate times her soothing (0: none)
upset_tau s [0, 10000] 35.3 memory of being upset: the time over which negative affect builds and fades (0: none)
upset_threshold_share 0-1 [0, 1] 0.142 share of upset_shift by which upset lowers the negative-affect threshold (the crying threshold takes all of it)
withdraw_exit_rate 1/s [0, 100] 0.15 hazard of leaving withdrawal once contingency is back
withdraw_rate 1/s [0, 100] 0.01 hazard of withdrawing once bids have failed
withdraw_recover_rate 1/s [0, 100] 0.08 hazard of coming out of withdrawal while she stays unresponsive (scaled by trust)
