// Indonesian social-media slang and abbreviations, written for this project. Targets follow the
// spelling of the training data (IndoNLU SmSA, already normalised): colloquial forms it keeps
// (gue, lu, sih, dong, deh, banget) stay; the rest map to standard words so that a raw post and a
// training sentence share features. Keys never collide with common English words, since the map
// runs before the language is known.
const ENTRIES = `
gak=tidak ga=tidak gk=tidak nggak=tidak ngga=tidak nggk=tidak ngak=tidak enggak=tidak engga=tidak egak=tidak
kagak=tidak kaga=tidak gaada=tidak ada gada=tidak ada tdk=tidak tdak=tidak tak=tak ndak=tidak nda=tidak ndk=tidak
gakk=tidak gaak=tidak bkn=bukan bukn=bukan blm=belum blum=belum belom=belum lom=belum jgn=jangan jngn=jangan jangn=jangan
gausah=tidak usah gaperlu=tidak perlu gabisa=tidak bisa gbs=tidak bisa gatau=tidak tahu gatau=tidak tahu gtw=tidak tahu
gatw=tidak tahu gajelas=tidak jelas gamau=tidak mau gamao=tidak mau gapapa=tidak apa-apa gpp=tidak apa-apa
bgt=banget bngt=banget bgtt=banget bangetz=banget bangettt=banget bet=banget bener=benar bnr=benar bner=benar
sgt=sangat sngt=sangat bgs=bagus bgus=bagus bagud=bagus jlk=jelek jelex=jelek mantul=mantap betul mantep=mantap
mantab=mantap mantaap=mantap mntp=mantap mantapp=mantap ajib=hebat kece=keren kerenn=keren krn=karena krna=karena
karna=karena soalnya=soalnya coz=karena udh=sudah udah=sudah uda=sudah dah=sudah sdh=sudah sudh=sudah udahan=sudah
yg=yang yng=yang dgn=dengan dg=dengan dng=dengan ama=sama sm=sama sma=sama tp=tapi tpi=tapi tapii=tapi
tetep=tetap ttp=tetap gmn=bagaimana gmna=bagaimana gimana=bagaimana gimna=bagaimana bgmn=bagaimana
knp=kenapa knapa=kenapa napa=kenapa ngapain=mengapa jg=juga jga=juga jugak=juga aja=saja aj=saja ajah=saja doang=saja
sy=saya sya=saya aq=aku ak=aku aku=aku gw=gue gwe=gue gua=gue lo=lu loe=lu lw=lu elu=lu elo=lu
km=kamu kmu=kamu kamuu=kamu kalian=kalian klian=kalian kt=kita kita=kita mrk=mereka mereka=mereka
lg=lagi lgi=lagi lagii=lagi skrg=sekarang skrng=sekarang skr=sekarang sekarang=sekarang
bs=bisa bsa=bisa bisaa=bisa hrs=harus hrus=harus msh=masih masi=masih mash=masih
kl=kalau kalo=kalau klo=kalau klau=kalau kalu=kalau kali=kali
dr=dari dri=dari dar=dari utk=untuk untk=untuk buat=buat bwt=buat bt=buat pd=pada pda=pada
kpd=kepada ke=ke dlm=dalam dalem=dalam sblm=sebelum sblum=sebelum stlh=setelah setelah=setelah abis=habis
trs=terus trus=terus terus=terus truss=terus sampe=sampai smp=sampai ampe=sampai nyampe=sampai
emang=memang emg=memang mmg=memang emng=memang
org=orang orng=orang orank=orang ortu=orang tua
tau=tahu tw=tahu taw=tahu
bnyk=banyak byk=banyak bnyak=banyak bnyk=banyak
sdkt=sedikit dikit=sedikit sedikit=sedikit
krg=kurang krng=kurang
lbh=lebih lebi=lebih
bkin=bikin bikin=bikin
liat=lihat lht=lihat ngeliat=melihat
denger=dengar dgr=dengar
pake=pakai pk=pakai
cuman=cuma cm=cuma cmn=cuma cuma=cuma
mao=mau mw=mau
ok=oke okey=oke okeh=oke oce=oke sip=oke siip=oke
thx=terima kasih makasih=terima kasih mksh=terima kasih makasi=terima kasih
trims=terima kasih trimakasih=terima kasih terimakasih=terima kasih tq=terima kasih tengkyu=terima kasih
mksd=maksud maksudnya=maksud nya
kyk=kayak kyak=kayak kayak=kayak kek=kayak kaya=kayak
sbg=sebagai spt=seperti sprti=seperti
pdhl=padahal padahal=padahal
jd=jadi jdi=jadi
ad=ada
sj=saja
smua=semua smw=semua
sbnrnya=sebenarnya sbnrny=sebenarnya sebenernya=sebenarnya
pengen=ingin pgn=ingin pingin=ingin pengin=ingin
males=malas mls=malas
cape=capek capek=capek cpk=capek
seneng=senang sneng=senang
ngerti=mengerti
nyesel=menyesal nyesal=menyesal
kesel=kesal ksl=kesal
bete=kesal
nyebelin=menyebalkan ngeselin=menyebalkan sebel=sebal
kecewaa=kecewa kcewa=kecewa
ancur=hancur ancurr=hancur
lemot=lambat lelet=lambat
lama=lama lma=lama
telat=telat tlat=telat
ribet=ribet rbt=ribet
susah=susah ssh=susah
gampang=mudah gmpg=mudah
murmer=murah meriah
mahal=mahal mhl=mahal
enakk=enak enk=enak uenak=enak
bgd=banget
parah=parah prh=parah
anjir=anjir anjay=anjir anjrit=anjir anjrot=anjir anjing=anjing njir=anjir jir=anjir anjg=anjing anj=anjing
bangsat=bangsat bgst=bangsat kampret=kampret
goblok=goblok goblog=goblok gblk=goblok tolol=tolol bego=bodoh bodo=bodoh
wkwk=wkwk wkwkwk=wkwk wkwkwkwk=wkwk wkkw=wkwk wkw=wkwk awkwk=wkwk haha=haha hahaha=haha hahahaha=haha hehe=hehe hehehe=hehe
hihi=hehe xixi=hehe
btw=ngomong ngomong
gan=gan sis=sis
pls=tolong plis=tolong plz=tolong
mohon=mohon mhn=mohon
tlg=tolong tolongin=tolong
brp=berapa brapa=berapa
sape=siapa spa=siapa
dmn=di mana dmna=di mana dimana=di mana kmn=ke mana kemana=ke mana
kapan=kapan kpn=kapan
gitu=begitu gt=begitu gtu=begitu gituan=begitu
gini=begini gni=begini
tuh=itu tu=itu
ni=ini nih=nih
dgr=dengar
ngomong=bicara ngmng=bicara ngomongin=membicarakan
nunggu=menunggu nungguin=menunggu
ngantri=antre antri=antre ngantre=antre
ngasih=memberi ksh=kasih
nanya=bertanya
nyari=mencari
ngurus=mengurus
pemda=pemerintah daerah pemkot=pemerintah kota pemkab=pemerintah kabupaten pemprov=pemerintah provinsi
pemerintahh=pemerintah
presiden=presiden pres=presiden
mbg=makan bergizi gratis
bansos=bantuan sosial blt=bantuan langsung tunai
jkt=jakarta jabodetabek=jabodetabek bdg=bandung sby=surabaya jogja=yogyakarta jogjakarta=yogyakarta
hp=ponsel hape=ponsel
gratisan=gratis
duit=uang
kerjaan=pekerjaan
temen=teman tmn=teman tmen=teman
sodara=saudara
bapak=bapak bpk=bapak pak=bapak ibu=ibu bu=ibu
mba=mbak mbk=mbak mas=mas
anak2=anak-anak
tiap=setiap
yaudah=ya sudah yaudh=ya sudah ydh=ya sudah
mending=mending mendingan=mending
kayanya=kayaknya kyknya=kayaknya
kok=kok kog=kok
dong=dong donk=dong
deh=deh dehh=deh
sih=sih sihh=sih
yah=yah ya=ya iya=iya iyaa=iya iy=iya yoi=iya
ntar=nanti nnti=nanti nti=nanti
bsk=besok
kmrn=kemarin kemaren=kemarin kmaren=kemarin
td=tadi tdi=tadi
bbrp=beberapa
skali=sekali sekalii=sekali
bnget=banget
mantul=mantap betul
top=top topp=top
recomended=rekomendasi recommended=rekomendasi rekomen=rekomendasi recomend=rekomendasi
worthit=sepadan
zonk=mengecewakan
php=pemberi harapan palsu
hoax=hoaks hoaks=hoaks
korup=korupsi
nyolong=mencuri
maling=maling
tai=tai taik=tai
sampah=sampah
keren=keren kren=keren
lucu=lucu lcu=lucu
sedih=sedih sdih=sedih
sakit=sakit skt=sakit
pusing=pusing pusyink=pusing
ngeri=ngeri
gokil=keren
mager=malas gerak
baper=bawa perasaan
santuy=santai
gabut=tidak ada kerjaan
nyesek=sesak
ngenes=menyedihkan
kzl=kesal
bodoamat=bodo amat
sabi=bisa
otw=dalam perjalanan
`;

const parse = (src: string): ReadonlyMap<string, string> => {
  const map = new Map<string, string>();
  for (const line of src.split('\n')) {
    // Entries are "key=value words", several per line; a value may hold spaces up to the next key.
    const re = /(\S+?)=((?:\S+?)(?: (?![^\s=]+=)\S+)*)(?=\s|$)/g;
    for (const m of line.matchAll(re)) {
      const key = m[1]!;
      const value = m[2]!;
      // Identity entries document a form we keep on purpose; they add nothing at run time.
      if (key !== value && !map.has(key)) map.set(key, value);
    }
  }
  return map;
};

/** Slang or abbreviation → replacement (one or more standard words, space-separated). */
export const ID_SLANG: ReadonlyMap<string, string> = parse(ENTRIES);
