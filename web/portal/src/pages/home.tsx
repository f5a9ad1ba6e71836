/** The start page: what the petitioner can do here, as two large links. */
export function Home() {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title" tabIndex={-1}>
        网上信访
      </h1>
      <p>您可以在这里反映问题、提出建议或投诉，并随时查询办理进度。</p>
      <ul class="actions">
        <li>
          <a class="big" href="#/write">
            <strong>我要写信</strong>
            <span>填写信件，手机短信验证后提交，立即获得受理编号和查询码</span>
          </a>
        </li>
        <li>
          <a class="big" href="#/track">
            <strong>查询办理进度</strong>
            <span>凭受理编号和查询码查看办理情况，评价答复，申请复查、复核</span>
          </a>
        </li>
      </ul>
    </section>
  );
}
