import type { District } from '../api/vocabulary.gen';

// The districts' English names (the values themselves are the server's: api/vocabulary.gen.ts). Typed by the
// vocabulary, so a district the server adds fails the console's type check until it is named here.
export const DISTRICT_EN: Record<District, string> = {
  道里: 'Daoli',
  南岗: 'Nangang',
  道外: 'Daowai',
  香坊: 'Xiangfang',
  平房: 'Pingfang',
  松北: 'Songbei',
  呼兰: 'Hulan',
  阿城: 'Acheng',
  双城: 'Shuangcheng',
  依兰: 'Yilan',
  方正: 'Fangzheng',
  宾县: 'Binxian',
  巴彦: 'Bayan',
  木兰: 'Mulan',
  通河: 'Tonghe',
  延寿: 'Yanshou',
  尚志: 'Shangzhi',
  五常: 'Wuchang',
  outside: 'Outside Harbin',
};
