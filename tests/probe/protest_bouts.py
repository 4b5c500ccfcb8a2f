import csv, sys, subprocess, statistics as st
# Protest bouts of scenarios/peekaboo-intrusive.ini over seeds 1..N (docs/MODEL.md 6):
# onsets a minute, sessions by number of bouts, pushing infants, bout lengths.
# Run from the repository root: python3 tests/probe/protest_bouts.py build/attune 100
# usage: bouts.py ATTUNE N [--set ...]
att = sys.argv[1]; n = int(sys.argv[2]); extra = sys.argv[3:]
onsets=[]; gaps=[]; nbouts={}; onset_aff={}; pushers=0; pushshare=[]; boutlen=[]; after={}; firstpush=[]; fussfirst=0; aversh=[]; gazesh=[]
for seed in range(1, n+1):
    out = subprocess.run([att,'run','scenarios/peekaboo-intrusive.ini','-q','--seed',str(seed),'-o','-']+extra, capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(out.splitlines()))
    b = [r['infant_behavior'] for r in rows]
    prot = [x.startswith('protest') for x in b]
    k=0; i=0; pushed=False; fussed=False
    while i < len(b):
        if prot[i] and (i==0 or not prot[i-1]):
            k+=1; j=i
            if k > 1: gaps.append((i-last)*0.1)
            last=i
            a=rows[i]['infant_affect']; onset_aff[a]=onset_aff.get(a,0)+1
            while j < len(b) and prot[j]: j+=1
            boutlen.append((j-i)*0.1)
            if j < len(b): after[b[j]] = after.get(b[j],0)+1
            seg = b[i:j]
            if 'protest-push' in seg and not pushed:
                pushed=True; firstpush.append(k)
                if fussed or seg[0]=='protest-fuss': fussfirst+=1
            if 'protest-fuss' in seg: fussed=True
            i=j
        else: i+=1
    onsets.append(k/3.0); pushers+=pushed; nbouts[k]=nbouts.get(k,0)+1
    pushshare.append(sum(x=='protest-push' for x in b)/len(b))
    gazesh.append(sum(r['infant_gaze']=='1' for r in rows)/len(b))
print('onsets/min mean %.2f median %.2f; sessions with 0 %d, 1 %d, >=4 %d' % (st.mean(onsets), st.median(onsets), sum(o==0 for o in onsets), sum(abs(o-1/3)<1e-9 for o in onsets), sum(o>=4/3 for o in onsets)))
print('pushers %.2f; push share of time %.3f; bout len median %.1f mean %.1f; first push at bout # median %s; fussed first %.2f' % (pushers/n, st.mean(pushshare), st.median(boutlen), st.mean(boutlen), st.median(firstpush) if firstpush else '-', fussfirst/max(1,pushers)))
print('after bout:', dict(sorted(after.items(), key=lambda x:-x[1])), 'gaze %.2f' % st.mean(gazesh))
q=st.quantiles(gaps, n=4) if len(gaps) > 1 else []
print('sessions by bouts:', dict(sorted(nbouts.items())), '; gaps between onsets, quartiles (s):', ' / '.join('%.0f' % x for x in q), '; affect at onset:', onset_aff)
