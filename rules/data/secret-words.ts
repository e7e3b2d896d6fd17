/**
 * Words people build secrets from: a curated English list plus every word that occurs at least 8
 * times in the public JWT secrets list (wallarm/jwt-secrets, MIT; see known-jwt-secrets/). Generated
 * by scripts/derive-secret-words.mjs; do not edit by hand.
 */
export const SECRET_WORDS: readonly string[] = `
  a abcdefg access admin again aini aiziji alex alice all allen also an and andy angel angular any api
  app apple application are arjg as asdasd asdf asdfg asdfgh asdfghjkl at auth authentication
  authorization awesome baby backend baidu bank baobao baobei be beckham beibei beijing benben best
  beyond big binbin bing bit bits blog blue bobo by byte bytes candy caonima chang change changeme
  chat chen cheng cherry china chris client cloud coco code company config configuration cool crystal
  daisy dandan daniel data david default demo deng dev develop development ding django dong doudou
  dragon dream duan dummy easy ecret email enough enter env environment eric even ever example express
  extra fake fang feifei feng fifa fish five for forever four free from frontend fuck fuckyou game
  gaming generate generated ghost girl goes good google great guang guess guoguo hacker haha hainan
  happy hard hash he hello here hero hmac home honey hong house how hs256 huang huihui hyper ilove
  iloveu iloveyou in insecure is it izanami jack jacky jane jason jiajia jian jiang jiao jiayou jiejie
  jing jingjing jiuz jordan json junjun just jwe jws jwt jwtsecret kaikai kaixin kaka kang kangta keep
  kept kevin key keys killer kimi king kiss kitty kong kuaile lanlan laopo laravel least leilei lele
  leon leslie less liang liao life lijian lijie lijing lijun lili lily linda ling linlin liuliu liuwei
  liwei lixin liyang local localhost login long longer longest longlong love loveme lover loveyou luck
  lucky lulu made maggie magic mail make mama maomao market master me mega meimei meng miao michael
  milan mima ming minimum mobile mock money monkey moon more most must my mylove nana need needs nest
  nestjs never new news next nian nice nihao niuniu no node nokia not null of old on one only or
  oracle our owen pass passphrase passwd password peng phone ping placeholder platform please poiu
  power private prod product production project public pwd qazqaz qazwsx qazwsxedc qazxsw qian qiang
  qing qiqi qwaszx qweasd qweqwe qwer qwert qwerty qwertyu qwertyuiop rails rain random react really
  refresh replace rest rong root rsa safe sample sandy secret secreta secretjwt secreto secrets secure
  security server service session setting settings seven sha sha256 shan shang shanghai shanshan shao
  shared she shen sheng shmily shop short should shuang sign signature signing simple sina site six
  smile snow so social some something song spring stage staging star still store string strong style
  success summer sunny super susan system tang taotao team temp ten test testing text that the their
  there these they this three tian tiantian tianya tiger ting tmp to token tokens tong tony top tracy
  two ucom ultra unsafe up us used user users value values var variable verification verify very
  vivian vue wang wangjing wangli wangwei was water we weak web weiwei welcome wendy wenwen what when
  where which who why will wind windows wing winner with woai woaimama woaini woaiwojia wode wolf word
  world woshi woshishui xiao yang ying you your yzyg zhang zhao zhou
`
  .split(/\s+/)
  .filter(Boolean);
