// Console texts in Chinese (default) and English, one file per area under areas/, merged here under the same keys.
// Labels the browser tests rely on (邮箱, 密码, 登录, 标题, 描述, 提交, 通过, 驳回, 无权访问) are the Chinese ones.

import * as admin from './areas/admin';
import * as challenges from './areas/challenges';
import * as common from './areas/common';
import * as commonProblems from './areas/commonProblems';
import * as enums from './areas/enums';
import * as hall from './areas/hall';
import * as listings from './areas/listings';
import * as review from './areas/review';
import * as stats from './areas/stats';

const zh = {
  ...common.zh,
  ...listings.zh,
  ...review.zh,
  ...admin.zh,
  ...stats.zh,
  ...hall.zh,
  ...enums.zh,
  ...challenges.zh,
  ...commonProblems.zh,
};
const en = {
  ...common.en,
  ...listings.en,
  ...review.en,
  ...admin.en,
  ...stats.en,
  ...hall.en,
  ...enums.en,
  ...challenges.en,
  ...commonProblems.en,
};

export const resources = { zh: { translation: zh }, en: { translation: en } };
